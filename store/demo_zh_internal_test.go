package store

import "testing"

// The generated organisation's names are built from parts; each gets its Chinese.
func TestDemoZHNamesGeneratedUnits(t *testing.T) {
	for en, want := range map[string]string{
		"Inbound Voice · Chengdu":       "呼入语音部 · 成都",
		"Chat & Email · Xi'an 2":        "在线与邮件部 · 西安 2",
		"Chengdu Voice Team 3":          "成都语音3组",
		"Cape Town Real-Time Team 12":   "开普敦实时监控12组",
		"Voice Team 1":                  "语音1组",
		"Service Recovery Team 2":       "服务补救2组",
		"Head of Quality Assurance":     "质量保证部负责人",
		"Voice Team 1: CSAT":            "语音1组：客户满意度",
		"Senior Customer Service Agent": "高级客服专员",
		"Something else":                "",
	} {
		if got := demoZH(en); got != want {
			t.Errorf("demoZH(%q) = %q, want %q", en, got, want)
		}
	}
}

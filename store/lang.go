package store

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/language"
)

// The interface languages a person may choose: English, Simplified and Traditional Chinese.
const (
	LangEN   = "en"
	LangZH   = "zh"      // Simplified Chinese (zh-Hans)
	LangHant = "zh-Hant" // Traditional Chinese, for Taiwan, Hong Kong and Macau
)

// IsChinese says whether lang is either Chinese script: both read the Chinese field of
// bilingual content.
func IsChinese(lang string) bool { return lang == LangZH || lang == LangHant }

// Pick is the one fallback rule for content stored in English and Simplified Chinese:
// a Chinese reader sees the Chinese text (converted to Traditional for zh-Hant), else the
// English; an English reader sees the English, else the Chinese.
func Pick(lang, en, zh string) string {
	if IsChinese(lang) && zh != "" || en == "" {
		if lang == LangHant {
			return ToTraditional(zh)
		}
		return zh
	}
	return en
}

// converter is OpenCC's s2twp with a memo of what it converted. OpenCC takes ~12 µs per
// character (a map per dictionary probe), and a Traditional page shows the same titles on
// every request; the memo makes the second rendering ~free. It stops growing at
// memoMaxBytes, and texts longer than memoMaxLen are converted each time: conversion is a
// pure function, so every process computes the same values (nothing to keep coherent
// across instances).
type converter struct {
	cc    *opencc.OpenCC
	memo  sync.Map // string → string
	bytes atomic.Int64
}

const (
	memoMaxBytes = 32 << 20 // Simplified plus Traditional text
	memoMaxLen   = 16 << 10 // a culture section or a lesson fits; a whole book does not
)

// traditional loads the OpenCC dictionaries once, on first use.
var traditional = sync.OnceValue(func() *converter {
	cc, err := opencc.New("s2twp")
	if err != nil {
		panic("store: OpenCC s2twp: " + err.Error()) // embedded data: cannot fail at run time
	}
	return &converter{cc: cc}
})

// ToTraditional converts Simplified Chinese to Traditional with Taiwan phrasing
// (OpenCC s2twp). It is for content written in Simplified Chinese only; the interface has
// its own reviewed Traditional catalogue.
func ToTraditional(s string) string {
	if s == "" || isASCII(s) {
		return s
	}
	c := traditional()
	if v, ok := c.memo.Load(s); ok {
		return v.(string)
	}
	out, err := c.cc.Convert(s)
	if err != nil {
		return s
	}
	if len(s) <= memoMaxLen && c.bytes.Load() < memoMaxBytes {
		if _, loaded := c.memo.LoadOrStore(s, out); !loaded {
			c.bytes.Add(int64(len(s) + len(out)))
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// NormalizeLanguage maps a BCP 47 tag as HR systems write it to one of Languages:
// en, en-GB, EN_us → en; zh, zh-CN, zh-SG, zh-Hans → zh; zh-TW, zh-HK, zh-MO, zh-Hant →
// zh-Hant. Anything else comes back trimmed, for the caller to reject with the allowed values.
func NormalizeLanguage(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return s
	}
	base, _ := tag.Base()
	switch base.String() {
	case "en":
		return LangEN
	case "zh":
		if script, _ := tag.Script(); script.String() == "Hant" {
			return LangHant
		}
		return LangZH
	}
	return s
}

// NormalizeChoice maps how HR exports spell an enumeration to its stored form:
// "Front line", "front-line" and "FRONT_LINE" all become "front_line".
func NormalizeChoice(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_")
}

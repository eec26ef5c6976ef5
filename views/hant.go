package views

import (
	"strings"

	"lodestar/store"
)

// HantDraft is a message that has no Traditional Chinese text yet, with a first draft.
type HantDraft struct{ Key, Draft string }

// HantDrafts lists, in catalogue order, every message without Traditional text in
// messages_hant.go and drafts one from its Simplified text (cmd/hantdraft writes them).
func HantDrafts() []HantDraft {
	var out []HantDraft
	for _, set := range messageSets() {
		for _, m := range set {
			if _, ok := hantMessages[m.key]; !ok {
				out = append(out, HantDraft{Key: m.key, Draft: draftHant(m.zh)})
			}
		}
	}
	return out
}

// draftHant converts Simplified to Traditional (OpenCC s2twp: Taiwan characters and
// phrases such as 登入, 資料, 檔案, 設定, 使用者, 預設, 程式, 網路), then applies the
// glossary's choices where Taiwan and Hong Kong usage differs from what OpenCC picks.
func draftHant(zh string) string {
	return hantGlossary.Replace(store.ToTraditional(zh))
}

// hantGlossary holds the Traditional terms docs/glossary.md fixes where a conversion
// gets them wrong; it only reads.
var hantGlossary = strings.NewReplacer(
	"“", "「",
	"”", "」",
	"‘", "『",
	"’", "』",
	"退出登入", "登出",
	"工作郵箱", "工作電子郵件",
	"郵箱地址", "電子郵件地址",
	"郵箱域名", "電子郵件網域",
	"郵箱", "電子郵件",
	"域名", "網域",
	"賬號", "帳號",
	"賬戶", "帳戶",
	"用工型別", "僱用類型",
	"用工類型", "僱用類型",
	"型別", "類型",
	"當前", "目前",
	"無權訪問", "無權存取",
	"訪問", "存取",
	"導航", "導覽",
	"重置", "重設",
	"司齡", "年資",
	"質量", "品質",
	"質檢", "品檢",
	"創建", "建立",
	"鏈接", "連結",
	"點擊", "點選",
	"視頻", "影片",
	"激活", "啟用",
	"批量", "批次",
	"導出", "匯出",
	"導入", "匯入",
	"打印", "列印",
	"文檔", "文件",
	"模板", "範本",
	"聯繫", "聯絡",
	"反饋", "回饋",
	"短信", "簡訊",
	"令牌", "權杖",
	"吊銷", "撤銷",
	"工號", "員工編號",
	"入職", "到職",
	"合同工", "約聘人員",
	"下屬", "部屬",
	"戰略", "策略",
	"運行", "執行",
	"暫無", "目前沒有",
	"暫未", "尚未",
	"點贊", "按讚",
	"博客", "部落格",
	"周年", "週年",
	"標識", "代碼",
	"釋出", "發布",
	"許可權", "權限",
	"物件", "對象",
	"斜槓", "斜線",
	"嚐", "嘗",
	"迴圈", "循環",
	"換髮", "換發",
	"未透過", "未通過",
	"已透過", "已通過",
	"尚未透過", "尚未通過",
	"透過 ·", "通過 ·",
	"您已透過", "您已通過",
	"方為透過", "方為通過",
	"與透過檢查", "與通過檢查",
	"%s 透過（", "%s 通過（",
	"審計", "稽核",
	"條未讀", "則未讀",
	"條記錄", "筆記錄",
	"條評論", "則評論",
	"條認可", "則認可",
	"條訪談", "筆訪談",
	"單條", "單筆",
	"一條", "一則",
	"每行一條", "每行一項",
	"對比", "比較",
	"加粗", "粗體",
	"相聯絡", "相連結",
	"渠道", "管道",
	"平臺", "平台",
	"身份", "身分",
	"會話", "工作階段",
	"回撥地址", "回呼網址",
	"回撥", "回呼",
	"站點地址", "網站網址",
	"站點", "網站",
	"發件人", "寄件人",
	"收件箱", "收件匣",
	"二維碼", "QR 碼",
	"配置", "設定",
	"埠", "連接埠",
	"列表", "清單",
	"新建", "新增",
	"生成", "產生",
	"季度", "季",
	"調研", "調查",
	"打分", "評分",
	"關鍵詞", "關鍵字",
	"只讀", "唯讀",
	"可選。", "選填。",
	"可選，", "選填，",
	"列名", "欄位名稱",
	"缺少列", "缺少欄位",
	"未知列", "未知欄位",
	"中列出的列", "中列出的欄位",
	"所有列都", "所有欄位都",
	"」列", "」欄",
	"第 %s 列", "第 %s 欄",
	"的 %s 列", "的 %s 欄",
	"單元格", "儲存格",
)

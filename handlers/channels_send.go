package handlers

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lodestar/store"
)

// channelTimeout bounds one delivery's HTTP call.
const channelTimeout = 10 * time.Second

// channelRequest is one delivery as its kind's receiver expects it: the address (a signed
// DingTalk address carries timestamp and sign), the JSON body and the headers.
func channelRequest(d store.Delivery, now time.Time) (string, []byte, http.Header, error) {
	header := http.Header{"Content-Type": {"application/json"}}
	text := d.Body
	var payload any
	target := d.URL
	switch d.Kind {
	case store.ChannelWeCom:
		// Group robot markdown: bold title, lines, and a link.
		payload = map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": markdownMessage(d, "**%s**")}}
	case store.ChannelDingTalk:
		payload = map[string]any{"msgtype": "markdown", "markdown": map[string]any{"title": d.Title, "text": markdownMessage(d, "#### %s")}}
		if d.Secret != "" {
			// DingTalk signing: HMAC-SHA256 over "timestamp\nsecret" with the secret, base64,
			// passed URL-encoded with the millisecond timestamp.
			ts := strconv.FormatInt(now.UnixMilli(), 10)
			mac := hmac.New(sha256.New, []byte(d.Secret))
			mac.Write([]byte(ts + "\n" + d.Secret))
			sign := base64.StdEncoding.EncodeToString(mac.Sum(nil))
			u, err := url.Parse(d.URL)
			if err != nil {
				return "", nil, nil, err
			}
			q := u.Query()
			q.Set("timestamp", ts)
			q.Set("sign", sign)
			u.RawQuery = q.Encode()
			target = u.String()
		}
	case store.ChannelSlack:
		// mrkdwn: *bold*, <url|text> links; text is the notification fallback.
		section := "*" + slackEscape(d.Title) + "*"
		if text != "" {
			section += "\n" + slackEscape(text)
		}
		blocks := []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": section}}}
		if d.Link != "" {
			blocks = append(blocks, map[string]any{"type": "context", "elements": []any{
				map[string]any{"type": "mrkdwn", "text": "<" + d.Link + "|Lodestar>"}}})
		}
		payload = map[string]any{"text": d.Title, "blocks": blocks}
	case store.ChannelTeams:
		// An Adaptive Card in a message, as Teams webhooks and Workflows accept.
		body := []any{map[string]any{"type": "TextBlock", "text": d.Title, "weight": "Bolder", "size": "Medium", "wrap": true}}
		if text != "" {
			body = append(body, map[string]any{"type": "TextBlock", "text": text, "wrap": true})
		}
		card := map[string]any{"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4", "body": body}
		if d.Link != "" {
			card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": "Lodestar", "url": d.Link}}
		}
		payload = map[string]any{"type": "message", "attachments": []any{
			map[string]any{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}}}
	case store.ChannelGeneric:
		payload = map[string]any{"id": d.IdempotencyKey, "event": d.EventKey, "title": d.Title, "text": text, "link": d.Link}
		header.Set("Idempotency-Key", d.IdempotencyKey)
		header.Set("X-Lodestar-Event", d.EventKey)
	default:
		return "", nil, nil, fmt.Errorf("unknown channel kind %q", d.Kind)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return "", nil, nil, err
	}
	if d.Kind == store.ChannelGeneric && d.Secret != "" {
		// Receivers check HMAC-SHA256(secret, timestamp + "." + body) and refuse old timestamps.
		ts := strconv.FormatInt(now.Unix(), 10)
		mac := hmac.New(sha256.New, []byte(d.Secret))
		mac.Write([]byte(ts + "."))
		mac.Write(body)
		header.Set("X-Lodestar-Timestamp", ts)
		header.Set("X-Lodestar-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	}
	return target, body, header, nil
}

// markdownMessage is the title (in titleFormat), the lines and the link as markdown.
func markdownMessage(d store.Delivery, titleFormat string) string {
	var b strings.Builder
	fmt.Fprintf(&b, titleFormat, d.Title)
	if d.Body != "" {
		b.WriteString("\n\n" + d.Body)
	}
	if d.Link != "" {
		fmt.Fprintf(&b, "\n\n[Lodestar](%s)", d.Link)
	}
	return b.String()
}

// slackEscape escapes the three characters Slack's mrkdwn treats as markup.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// deliver sends one delivery and says whether the receiver accepted it (and its status code).
// WeCom and DingTalk answer 200 with an errcode: only errcode 0 is accepted.
func deliver(ctx context.Context, client *http.Client, d store.Delivery, now time.Time) (int, error) {
	target, body, header, err := channelRequest(d, now)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, channelTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = header
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("HTTP %d: %s", res.StatusCode, strings.TrimSpace(string(answer)))
	}
	if d.Kind == store.ChannelWeCom || d.Kind == store.ChannelDingTalk {
		var robot struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if err := json.Unmarshal(answer, &robot); err != nil {
			return res.StatusCode, fmt.Errorf("unreadable answer: %s", strings.TrimSpace(string(answer)))
		}
		if robot.ErrCode != 0 {
			return res.StatusCode, fmt.Errorf("errcode %d: %s", robot.ErrCode, robot.ErrMsg)
		}
	}
	return res.StatusCode, nil
}

// RunChannelWorker delivers queued channel messages until ctx ends: every interval (and at
// once). Any number of app instances may run it: claiming leases each delivery to one.
func (h *Handler) RunChannelWorker(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := h.DeliverDueMessages(ctx); err != nil {
			h.log.Error("channel worker", "err", err)
		} else if n > 0 {
			h.log.Info("channel worker", "delivered", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// DeliverDueMessages sends the deliveries due now and returns how many were accepted.
func (h *Handler) DeliverDueMessages(ctx context.Context) (int, error) {
	due, err := h.store.ClaimDueDeliveries(ctx, 50)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	client := &http.Client{Timeout: channelTimeout}
	done := 0
	for _, d := range due {
		code, err := deliver(ctx, client, d, h.store.Now())
		if err != nil {
			if err := h.store.DeliveryRefused(ctx, d.ID, code, err); err != nil {
				return done, err
			}
			continue
		}
		if err := h.store.DeliveryDone(ctx, d.ID, code); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

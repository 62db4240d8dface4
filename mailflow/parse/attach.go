package parse

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

const maxNameBytes = 200

// sanitizeName makes a decoded attachment name safe to show and to offer for download: only
// the last path component is kept, control and formatting characters (bidi overrides) are
// removed, characters Windows forbids become "_", and the name is cut to 200 bytes keeping
// its extension. It returns "" when nothing usable is left.
func sanitizeName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ". ")
	if strings.Trim(s, "._ ") == "" {
		return ""
	}
	if len(s) <= maxNameBytes {
		return s
	}
	ext := path.Ext(s)
	if len(ext) > 20 {
		ext = ""
	}
	return cutRunes(s[:len(s)-len(ext)], maxNameBytes-len(ext)) + ext
}

// cutRunes cuts s to at most n bytes without splitting a rune.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// extensions are file name extensions for common attachment types, for unnamed parts. A
// fixed table, so names do not depend on the machine's mime.types.
var extensions = map[string]string{
	"application/pdf":    ".pdf",
	"application/zip":    ".zip",
	"application/json":   ".json",
	"application/xml":    ".xml",
	"application/msword": ".doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       ".xlsx",
	"application/vnd.ms-excel":      ".xls",
	"application/pgp-signature":     ".asc",
	"application/pkcs7-signature":   ".p7s",
	"application/x-pkcs7-signature": ".p7s",
	"image/png":                     ".png",
	"image/jpeg":                    ".jpg",
	"image/gif":                     ".gif",
	"image/webp":                    ".webp",
	"image/bmp":                     ".bmp",
	"image/tiff":                    ".tif",
	"image/svg+xml":                 ".svg",
	"text/plain":                    ".txt",
	"text/html":                     ".html",
	"text/calendar":                 ".ics",
	"text/csv":                      ".csv",
	"text/x-vcard":                  ".vcf",
	"text/vcard":                    ".vcf",
	"message/rfc822":                ".eml",
	"audio/mpeg":                    ".mp3",
	"video/mp4":                     ".mp4",
}

// defaultName names the n-th attachment when the mail gives no name.
func defaultName(mediaType string, n int) string {
	if mediaType == "message/rfc822" {
		return "message.eml"
	}
	ext, ok := extensions[mediaType]
	if !ok {
		ext = ".bin"
	}
	return fmt.Sprintf("attachment-%d%s", n, ext)
}

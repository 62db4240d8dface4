package quote

import (
	"regexp"
	"sync"
)

// lazyRE is a regular expression compiled on first use. The package's patterns take about
// 10 ms to compile, a third of the start of every helpdesk command, while only the daemon and
// mail classify ever cut quotes. The patterns are constants: TestPatternsCompile compiles
// every one, so a broken pattern fails the tests, not a mail.
type lazyRE struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

// patterns lists every lazyRE, for the test.
var patterns []*lazyRE

// lazyRegexp is regexp.MustCompile at first use.
func lazyRegexp(pattern string) *lazyRE {
	l := &lazyRE{pattern: pattern}
	patterns = append(patterns, l)
	return l
}

func (l *lazyRE) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}

func (l *lazyRE) MatchString(s string) bool              { return l.get().MatchString(s) }
func (l *lazyRE) FindStringIndex(s string) []int         { return l.get().FindStringIndex(s) }
func (l *lazyRE) FindStringSubmatchIndex(s string) []int { return l.get().FindStringSubmatchIndex(s) }
func (l *lazyRE) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}
func (l *lazyRE) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}

package command

import "strings"

// maxSuggestLen bounds the words closest compares: longer ones are not typos of a command,
// and the comparison stays cheap on hostile input.
const maxSuggestLen = 40

// closest returns the candidate a typo most likely meant, or "" when none is close enough.
// Words are compared folded (umlauts spelled out); the candidate is returned as given. A
// candidate is close when it starts with the word (at least 3 letters: "#zuw" for
// "#zuweisen") or is at most 1 edit away (2 for words of 5 letters or more), counting a
// swap of neighbours as one edit ("#ziet").
func closest(word string, candidates []string) string {
	w := fold(word)
	if w == "" || len([]rune(w)) > maxSuggestLen {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		f := fold(c)
		d := editDistance(w, f)
		if len(w) >= 3 && strings.HasPrefix(f, w) && d > 1 {
			d = 1 // a cut-off word is as good as one typo, but a real typo wins
		}
		limit := 1
		if len([]rune(f)) >= 5 {
			limit = 2
		}
		if d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b: insertions,
// deletions, substitutions and transpositions of neighbours each cost 1.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows of the dynamic programming table are enough for transpositions.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

package parse

import (
	"bufio"
	"io"
	"sync"
)

// Buffers are pooled across Parse calls: allocating a few 4 KiB buffers per mail costs
// more than the parsing of a small mail itself. The pools hold no mail data between calls:
// readers are reset before they go back.
const bufSize = 4096

var (
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, bufSize) }}
	bufPool    = sync.Pool{New: func() any { b := make([]byte, bufSize); return &b }}
)

// getReader returns a pooled bufio.Reader on r; give it back with putReader.
func getReader(r io.Reader) *bufio.Reader {
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// putReader resets br, dropping its reference to the mail, and pools it.
func putReader(br *bufio.Reader) {
	br.Reset(nil)
	readerPool.Put(br)
}

// copyBuf is the parser's copy buffer, pooled.
func (p *parser) copyBuf() []byte {
	if p.buf == nil {
		p.buf = bufPool.Get().(*[]byte)
	}
	return *p.buf
}

// release returns the copy buffer to its pool.
func (p *parser) release() {
	if p.buf != nil {
		bufPool.Put(p.buf)
		p.buf = nil
	}
}

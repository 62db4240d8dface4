// Package control is the running daemon's API for the command line: a unix socket in the data
// directory that speaks JSON lines.
//
// A client connects and writes one request per line,
//
//	{"op":"ticket.list","args":{"state":"open"}}
//
// and the server answers each request, in order, with one line:
//
//	{"ok":true,"result":[...]}
//	{"ok":false,"error":"ticket 7: not found","code":"not_found"}
//
// until the client closes the connection. A request line may be at most MaxRequestSize bytes; a
// connection that sends nothing for five minutes is closed.
//
// The daemon registers one HandlerFunc per op with Server.Handle (Func adapts a typed function)
// and runs Server.Serve. The CLI uses Call, or Dial and a Client for several calls on one
// connection.
//
// Access control is the socket's mode (0600, set right after it is created) together with the
// data directory's permissions: whoever can connect can run every op.
package control

package ticketstore

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fill sets every exported field of the struct v points to to a non-zero value that differs
// per field, so a field the codec forgets shows up in a round trip.
func fill(t testing.TB, v reflect.Value, seed int) {
	t.Helper()
	for i := 0; i < v.NumField(); i++ {
		f, n := v.Field(i), seed*100+i+1
		switch {
		case !v.Type().Field(i).IsExported():
		case f.Type() == reflect.TypeOf(time.Time{}):
			f.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, n, time.UTC).Add(time.Duration(n) * time.Hour)))
		case f.Kind() == reflect.String:
			f.SetString(fmt.Sprintf("s%d\x00ü", n))
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Kind() >= reflect.Int && f.Kind() <= reflect.Int64:
			f.SetInt(int64(n) * 1000003)
		case f.Kind() >= reflect.Uint && f.Kind() <= reflect.Uint64:
			f.SetUint(uint64(n) * 1000003)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			f.Set(reflect.ValueOf([]string{fmt.Sprint("a", n), "", fmt.Sprint("b", n)}).Convert(f.Type()))
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
			s := reflect.MakeSlice(f.Type(), 2, 2)
			fill(t, s.Index(0), n)
			fill(t, s.Index(1), n+1)
			f.Set(s)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Uint8:
			f.SetBytes([]byte(fmt.Sprint("bytes", n)))
		default:
			t.Fatalf("fill: field %s of kind %s: teach fill and the codec", v.Type().Field(i).Name, f.Kind())
		}
	}
}

type codecCase struct {
	name   string
	new    func() any
	encode func(any) []byte
	decode func([]byte, any) error
	skip   string // a field kept outside the record
}

var codecCases = []codecCase{
	{"Ticket", func() any { return new(Ticket) }, func(v any) []byte { return encodeTicket(v.(*Ticket)) },
		func(b []byte, v any) error { return decodeTicket(b, v.(*Ticket)) }, ""},
	{"Comment", func() any { return new(Comment) }, func(v any) []byte { return encodeComment(v.(*Comment)) },
		func(b []byte, v any) error { return decodeComment(b, v.(*Comment)) }, ""},
	{"RawMessage", func() any { return new(RawMessage) }, func(v any) []byte { return encodeRaw(v.(*RawMessage)) },
		func(b []byte, v any) error { return decodeRaw(b, v.(*RawMessage)) }, "Data"},
	{"SetAside", func() any { return new(SetAside) }, func(v any) []byte { return encodeSetAside(v.(*SetAside)) },
		func(b []byte, v any) error { return decodeSetAside(b, v.(*SetAside)) }, ""},
}

// Every field of every binary record survives a round trip, and reads as the JSON of older
// versions did.
func TestCodecEveryField(t *testing.T) {
	for _, tc := range codecCases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.new()
			fill(t, reflect.ValueOf(in).Elem(), 1)
			if tc.skip != "" {
				reflect.ValueOf(in).Elem().FieldByName(tc.skip).SetZero()
			}
			got := tc.new()
			if err := tc.decode(tc.encode(in), got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, in) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, in)
			}
			js, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			fromJSON := tc.new()
			if err := tc.decode(js, fromJSON); err != nil || !reflect.DeepEqual(fromJSON, in) {
				t.Errorf("JSON record read as %+v, %v", fromJSON, err)
			}
			zero, back := tc.new(), tc.new()
			if err := tc.decode(tc.encode(zero), back); err != nil || !reflect.DeepEqual(back, zero) {
				t.Errorf("zero record read as %+v, %v", back, err)
			}
		})
	}
}

// Times come back in the location a JSON round trip gives them, so a record reads the same
// whether it was stored before or after the binary form.
func TestCodecTimeLocation(t *testing.T) {
	base := time.Date(2026, 7, 1, 12, 0, 0, 5, time.UTC)
	for _, at := range []time.Time{base, base.In(time.FixedZone("CEST", 2*3600)), base.In(time.FixedZone("", -5*3600-1800)),
		base.Local(), time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)} {
		in := Ticket{Created: at}
		var viaJSON, viaBinary Ticket
		js, _ := json.Marshal(in)
		json.Unmarshal(js, &viaJSON)
		if err := decodeTicket(encodeTicket(&in), &viaBinary); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(viaBinary.Created, viaJSON.Created) {
			t.Errorf("%v: binary gives %v (%v), JSON %v (%v)", at, viaBinary.Created, viaBinary.Created.Location(), viaJSON.Created, viaJSON.Created.Location())
		}
	}
}

func TestCodecCorrupt(t *testing.T) {
	good := encodeTicket(&Ticket{Seq: 1, Subject: "hello", Created: time.Now()})
	for i := range good {
		for _, v := range [][]byte{good[:i], append(append([]byte{}, good[:i]...), 0xff, 0xff)} {
			var tk Ticket
			decodeTicket(v, &tk) // must not panic; an error is fine
		}
	}
	for _, v := range [][]byte{nil, {}, {0x02}, {recordBinary, 0x0f}, {recordBinary, 0x09, 0x7f}} {
		var tk Ticket
		if err := decodeTicket(v, &tk); err == nil {
			t.Errorf("decodeTicket(%x) succeeded", v)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, tc := range codecCases {
		in := tc.new()
		fill(f, reflect.ValueOf(in).Elem(), 1)
		f.Add(tc.encode(in))
		js, _ := json.Marshal(in)
		f.Add(js)
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		for _, tc := range codecCases {
			out := tc.new()
			if err := tc.decode(v, out); err == nil && v[0] == recordBinary {
				// What decodes encodes to something that decodes the same.
				again := tc.new()
				if err := tc.decode(tc.encode(out), again); err != nil || !reflect.DeepEqual(out, again) {
					t.Fatalf("%s: re-encoding %+v gives %+v, %v", tc.name, out, again, err)
				}
			}
		}
	})
}

package model

import "strconv"

// Failed reports whether the span failed. It is spanlens's one definition
// of an error span; every count, flag, colour and filter uses it:
//
//   - status error: failed;
//   - status ok: not failed, whatever else the span carries, because an ok
//     status is an explicit verdict (OpenTelemetry: "validated by an
//     application developer or operator to have completed successfully");
//   - status unset: failed when the span has an "exception" event, or when
//     the OpenTelemetry semantic conventions call its protocol status an
//     error: an HTTP status code ≥ 500, or ≥ 400 on a client span
//     (http.response.status_code, or the older http.status_code); a gRPC
//     status code other than OK on a client span, or one of UNKNOWN,
//     DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and
//     DATA_LOSS on a server span (rpc.grpc.status_code).
func (s *Span) Failed() bool {
	switch s.Status.Code {
	case StatusError:
		return true
	case StatusOK:
		return false
	}
	for i := range s.Events {
		if s.Events[i].Name == "exception" {
			return true
		}
	}
	client := s.Kind == KindClient
	for _, key := range [...]string{"http.response.status_code", "http.status_code"} {
		if code, ok := intAttr(s.Attrs, key); ok {
			return code >= 500 || client && code >= 400
		}
	}
	if code, ok := intAttr(s.Attrs, "rpc.grpc.status_code"); ok {
		if client {
			return code != 0
		}
		switch code {
		case 2, 4, 12, 13, 14, 15:
			return true
		}
	}
	return false
}

// intAttr reads an integer attribute written as a number or as a decimal
// string (Zipkin and Jaeger tags are often strings).
func intAttr(as Attrs, key string) (int64, bool) {
	v, ok := as.Get(key)
	if !ok {
		return 0, false
	}
	switch v.Type() {
	case TypeInt:
		return v.Int(), true
	case TypeDouble:
		return int64(v.Double()), true
	case TypeString:
		n, err := strconv.ParseInt(v.Str(), 10, 64)
		return n, err == nil
	}
	return 0, false
}

package archive

import (
	"context"
	"os"
	"testing"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// The procedure's tests are the conformance suite of the engines: every test that opens its
// store with openTestOffice runs on the engine SHENDANG_TEST_ENGINE names — Badger in memory by
// default, or "postgres", a fresh database on the throwaway server. make test runs the package
// both ways. Tests of one engine's own matters (Badger's files, the anchor, damage) open that
// engine themselves.

// testEngineEnv names the variable that chooses the engine of the procedure's tests.
const testEngineEnv = "SHENDANG_TEST_ENGINE"

// openTestOffice opens an empty store on the engine under test, closed when t ends.
func openTestOffice(t testing.TB) *Office {
	t.Helper()
	var s *Office
	var err error
	switch engine := os.Getenv(testEngineEnv); engine {
	case "", "badger":
		s, err = OpenInMemory()
	case "postgres":
		s, err = OpenServer(context.Background(), pgtest.URL(t))
	default:
		t.Fatalf("%s=%q: want badger or postgres", testEngineEnv, engine)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenTestOfficeEngine(t *testing.T) {
	s := openTestOffice(t)
	want := "内存中"
	if os.Getenv(testEngineEnv) == "postgres" {
		want = "单位服务器 127.0.0.1:"
	}
	if got := s.Describe(); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("Describe: got %q, want it to start with %q", got, want)
	}
}

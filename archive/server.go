package archive

import (
	"context"
	"errors"
	"fmt"
	"net"
	neturl "net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrServer means the office's server could not be used: unreachable, the user or password
// refused, no such database. The *Error's sentence says which, in Chinese.
var ErrServer = errors.New("the office's server could not be used")

// ErrPasswordNeeded means the office's server asks for a password and none was given (not in
// the URL, PGPASSWORD or the .pgpass file): the window asks for it. It is an ErrServer too.
var ErrPasswordNeeded = fmt.Errorf("%w: it asks for a password and none was given", ErrServer)

// IsServerAddress reports whether location names a server database (a postgres:// or
// postgresql:// URL) rather than a data directory.
func IsServerAddress(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// OpenServer opens the office's store in the PostgreSQL database url names
// (postgres://user@host:port/db?sslmode=…; the password from the URL, PGPASSWORD or the
// .pgpass file), creating its tables in an empty database. Errors: ErrServer (an *Error saying
// what failed, never the password), ErrIncompatibleStore for a database of a later 审档 or
// tables 审档 did not make (nothing is changed).
func OpenServer(ctx context.Context, url string) (*Office, error) {
	e, err := openPostgres(ctx, url)
	if err != nil {
		return nil, serverError(err)
	}
	s, err := openOn(e, nil)
	return s, newerStore(err)
}

// ServerProbe is what ProbeServer found in the database on the office's server.
type ServerProbe struct {
	// Where names the server and database as Describe does, without the password.
	Where string
	// Ready says the database holds 审档's tables; false for one OpenServer will set up.
	Ready bool
	// Users counts the office's users; 0 until the first administrator is set up.
	Users int
	// Fonds is the office's 全宗名称, "" until it is set up.
	Fonds string
}

// ProbeServer connects to the database url names and says what OpenServer would find there,
// changing nothing: it makes no table, so a mistyped database name costs nothing. Errors: those
// of OpenServer (ErrServer, ErrPasswordNeeded, ErrIncompatibleStore), and a *DamageError for
// a store whose records are damaged.
func ProbeServer(ctx context.Context, url string) (ServerProbe, error) {
	e, err := connectPostgres(ctx, url)
	if err != nil {
		return ServerProbe{}, serverError(err)
	}
	defer e.close()
	p := ServerProbe{Where: e.describe()}
	vs, err := pgVersions(ctx, e.pool)
	switch {
	case errors.Is(err, errPGNoVersion):
		return p, nil
	case err != nil:
		return p, serverError(err)
	case len(vs) != 1:
		return p, notOurTables(fmt.Errorf("%d rows in shendang_schema", len(vs)))
	case vs[0] > pgSchemaVersion:
		return p, newerTables(vs[0])
	case vs[0] < pgSchemaVersion:
		return p, nil // OpenServer brings the tables up to date first
	}
	s := &Office{e: e, Now: time.Now}
	if _, err := s.schema(); err != nil {
		return p, newerStore(err)
	}
	users, err := s.Users()
	if err != nil {
		return p, err
	}
	st, err := s.Settings()
	if err != nil {
		return p, err
	}
	p.Ready, p.Users, p.Fonds = true, len(users), st.FondsName
	return p, nil
}

// newerStore says in Chinese that the server's store was written by a later 审档, for the
// ErrIncompatibleStore of the records' schema (the data directory's sentence would say
// 数据目录); other errors pass unchanged.
func newerStore(err error) error {
	if _, said := Message(err); !errors.Is(err, ErrIncompatibleStore) || said {
		return err
	}
	return fmt.Errorf("%w (%v)", fail(ErrIncompatibleStore,
		"单位服务器上的审档数据由较新版本的审档写入，本程序无法使用。请先升级本机的审档；数据没有被改动。"), err)
}

// Describe names where the store keeps its data, for a person: the data directory, or the
// server and database.
func (s *Office) Describe() string { return s.e.describe() }

// serverError says in Chinese why the server could not be used; err stays in the chain for
// the log. An *Error already made (an incompatible schema) is passed through.
func serverError(err error) error {
	var made *Error
	if errors.As(err, &made) {
		return err
	}
	msg := "单位服务器没有完成这次操作，详细原因已记入日志。请稍后再试，或联系管理员。"
	var pe *pgconn.PgError
	var ne net.Error
	switch {
	case errors.Is(err, errNoPassword):
		return &serverErr{&Error{Kind: ErrPasswordNeeded, Msg: "单位服务器要求输入密码。命令行请设置环境变量 PGPASSWORD，或把密码写入 .pgpass 文件。"}, err}
	case errors.As(err, &pe) && (pe.Code == "28P01" || pe.Code == "28000"):
		msg = "单位服务器拒绝了这个用户名或密码。请核对后再试，或请管理员确认账号。"
	case errors.As(err, &pe) && pe.Code == "3D000":
		msg = "单位服务器上没有这个数据库。请核对数据库名，或请管理员先建好数据库。"
	case errors.As(err, &pe) && pe.Code == "42501":
		msg = "这个用户在单位服务器上没有建表或读写的权限。请管理员授权后再试。"
	case strings.Contains(err.Error(), "parse the server's address"):
		msg = "单位服务器地址写得不对，应为 postgres://用户名@主机:端口/数据库。"
	case errors.As(err, &ne), strings.Contains(err.Error(), "connect"):
		msg = "连不上单位服务器：请检查主机名和端口、网络是否接通，以及服务器是否已启动。"
	}
	return &serverErr{&Error{Kind: ErrServer, Msg: msg}, err}
}

// serverErr is an ErrServer *Error that keeps the driver's error for the log.
type serverErr struct {
	said  *Error
	cause error
}

func (e *serverErr) Error() string { return e.said.Error() + " (" + e.cause.Error() + ")" }

// Unwrap gives both the *Error (for its sentence and kind) and the driver's error.
func (e *serverErr) Unwrap() []error { return []error{e.said, e.cause} }

// RedactURL is a server URL as a person may see it: without the password, if it held one.
func RedactURL(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		return "（无法解析的服务器地址）"
	}
	if u.User != nil {
		u.User = neturl.User(u.User.Username())
	}
	return u.String()
}

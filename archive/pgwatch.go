package archive

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgChannel is the channel every committed write is announced on (see pgengine.go).
const pgChannel = "shendang_changes"

// pgWatchRetry is the longest the watcher waits before it connects again.
const pgWatchRetry = 5 * time.Second

var _ watcher = (*pgEngine)(nil)

// watch calls changed soon after each commit that wrote, by any connection, until ctx ends.
// It listens on a connection of its own. changed is also called once each time it has started
// listening (a notice sent while nobody listened is lost, so the caller should look) and each
// time the connection fails (so that the caller looks at once and finds the server gone);
// then it connects again, waiting longer each time up to pgWatchRetry.
func (e *pgEngine) watch(ctx context.Context, changed func()) {
	wait := pgWatchRetry / 20
	for {
		listened, _ := e.listen(ctx, changed)
		if ctx.Err() != nil {
			return
		}
		changed()
		if listened {
			wait = pgWatchRetry / 20
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, pgWatchRetry)
	}
}

// listen connects, runs LISTEN and calls changed for each notice until the connection fails or
// ctx ends. listened says LISTEN took effect.
func (e *pgEngine) listen(ctx context.Context, changed func()) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, e.conn.Copy())
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return false, err
	}
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		changed()
	}
}

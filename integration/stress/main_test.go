package stress

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/daemon"
)

// childEnv names the spec file when the test binary runs as a child daemon.
const childEnv = "HELPDESK_STRESS_CHILD"

// childSpec is what a child daemon runs: the configuration and where it logs and profiles.
type childSpec struct {
	Config        *config.Config `json:"config"`
	LogFile       string         `json:"log_file"`
	OutboxBackoff time.Duration  `json:"outbox_backoff,omitempty"` // 0: the outbox's own schedule
	CPUProfile    string         `json:"cpu_profile,omitempty"`
	MemProfile    string         `json:"mem_profile,omitempty"` // heap profile written at exit
	Trace         string         `json:"trace,omitempty"`       // runtime/trace output
	LockWait      time.Duration  `json:"lock_wait,omitempty"`
}

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(runChild(path))
	}
	os.Exit(m.Run())
}

// runChild is the child daemon: it serves until SIGTERM or SIGINT and returns the exit code.
// Problems go to stderr, which the parent points at the log file.
func runChild(specPath string) int {
	spec, err := readSpec(specPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stress child: %v\n", err)
		return 2
	}
	logf, err := os.OpenFile(spec.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stress child: %v\n", err)
		return 2
	}
	defer logf.Close()
	level, err := zerolog.ParseLevel(spec.Config.Log.Level)
	if err != nil {
		level = zerolog.WarnLevel
	}
	log := zerolog.New(logf).Level(level).With().Timestamp().Int("pid", os.Getpid()).Logger()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if spec.CPUProfile != "" {
		f, err := os.Create(spec.CPUProfile)
		if err != nil {
			log.Error().Err(err).Msg("cpu profile")
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Error().Err(err).Msg("cpu profile")
			return 2
		}
		defer pprof.StopCPUProfile()
	}

	if spec.Trace != "" {
		f, err := os.Create(spec.Trace)
		if err != nil {
			log.Error().Err(err).Msg("trace")
			return 2
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			log.Error().Err(err).Msg("trace")
			return 2
		}
		defer trace.Stop()
	}

	lockWait := spec.LockWait
	if lockWait == 0 {
		lockWait = 10 * time.Second
	}
	d, err := daemon.Open(spec.Config, log, daemon.Create, lockWait)
	if err != nil {
		log.Error().Err(err).Msg("open")
		return 1
	}
	if b := spec.OutboxBackoff; b > 0 {
		d.OutboxBackoff = func(int) time.Duration { return b }
	}
	serveErr := d.Serve(ctx)
	if err := d.Close(); err != nil && serveErr == nil {
		serveErr = err
	}
	if spec.MemProfile != "" {
		if err := writeHeapProfile(spec.MemProfile); err != nil {
			log.Error().Err(err).Msg("heap profile")
		}
	}
	if serveErr != nil {
		log.Error().Err(serveErr).Msg("serve")
		return 1
	}
	return 0
}

func readSpec(path string) (*childSpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec childSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	if spec.Config == nil {
		return nil, fmt.Errorf("spec %s: no config", path)
	}
	if err := spec.Config.Validate(); err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	return &spec, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// dataDirEnv names the environment variable that chooses the data directory.
const dataDirEnv = "SHENDANG_DATA"

// appDirName is the folder created under the per-user data location.
const appDirName = "shendang"

// resolveDataDir returns the data directory: the --data flag when given, else SHENDANG_DATA,
// else the per-user default. The result is absolute.
func resolveDataDir(flagValue string, getenv func(string) string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = getenv(dataDirEnv)
	}
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("找不到用户主目录，请用 --data 指定数据目录 (no home directory: use --data)")
		}
		dir = defaultDataDir(runtime.GOOS, home, getenv)
	}
	return filepath.Abs(dir)
}

// defaultDataDir is where a user's store lives when nothing says otherwise: the platform's
// per-user application-data folder, which is local to the machine (not roaming) on Windows.
func defaultDataDir(goos, home string, getenv func(string) string) string {
	switch goos {
	case "windows":
		if base := getenv("LOCALAPPDATA"); base != "" {
			return filepath.Join(base, appDirName)
		}
		return filepath.Join(home, "AppData", "Local", appDirName)
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", appDirName)
	default:
		if base := getenv("XDG_DATA_HOME"); base != "" && filepath.IsAbs(base) {
			return filepath.Join(base, appDirName)
		}
		return filepath.Join(home, ".local", "share", appDirName)
	}
}

// defaultDataDirOrHint returns the default data directory for the help text.
func defaultDataDirOrHint() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "(用户数据目录 / per-user data folder)/" + appDirName
	}
	return defaultDataDir(runtime.GOOS, home, os.Getenv)
}

// storeDir is the store's directory inside the data directory.
func storeDir(dataDir string) string { return filepath.Join(dataDir, "store") }

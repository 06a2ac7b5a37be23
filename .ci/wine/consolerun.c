/*
 * consolerun OUT SCREEN "PROGRAM ARGS..." runs PROGRAM the way cmd.exe on Windows runs a GUI
 * program: it has no console of its own, so it may attach to this program's; its standard
 * output is the file OUT, as after `> OUT`, or not set when OUT is "-"; its standard error is
 * not set. When it has exited, the text on this console goes to the file SCREEN, UTF-8, one
 * line per console row.
 *
 * Wine's own cmd.exe cannot show what 审档 does in a Windows console: Wine gives a GUI child its
 * parent's console and standard handles, so AttachConsole fails there whatever the child does.
 * Run this inside wineconsole. Exits with PROGRAM's exit status, or 125 if it could not run it.
 * Built by `make wine-check` with mingw-w64; never part of what 审档 ships.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

/* saveScreen writes the console's text to path. */
static int saveScreen(const wchar_t *path)
{
	HANDLE con = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
				 NULL, OPEN_EXISTING, 0, NULL);
	CONSOLE_SCREEN_BUFFER_INFO info;
	if (con == INVALID_HANDLE_VALUE || !GetConsoleScreenBufferInfo(con, &info))
		return 0;
	FILE *f = _wfopen(path, L"wb");
	if (!f)
		return 0;
	SHORT width = info.dwSize.X;
	wchar_t *row = calloc(width, sizeof *row);
	char *utf8 = calloc(4 * width + 1, 1);
	for (SHORT y = 0; y <= info.dwCursorPosition.Y; y++) {
		DWORD n = 0;
		COORD at = {0, y};
		ReadConsoleOutputCharacterW(con, row, width, at, &n);
		while (n > 0 && row[n - 1] == L' ')
			n--;
		int len = WideCharToMultiByte(CP_UTF8, 0, row, (int)n, utf8, 4 * width, NULL, NULL);
		fwrite(utf8, 1, len, f);
		fputc('\n', f);
	}
	free(row);
	free(utf8);
	CloseHandle(con);
	return fclose(f) == 0;
}

int wmain(int argc, wchar_t **argv)
{
	if (argc != 4) {
		fwprintf(stderr, L"usage: consolerun OUT|- SCREEN \"PROGRAM ARGS...\"\n");
		return 125;
	}
	/* Without a console (Wine started outside wineconsole and any terminal) there is nothing
	 * to attach to, and a check would pass for nothing. */
	if (!GetConsoleWindow()) {
		fwprintf(stderr, L"consolerun: no console; run it inside wineconsole\n");
		return 125;
	}
	STARTUPINFOW si = {.cb = sizeof si, .dwFlags = STARTF_USESTDHANDLES};
	if (wcscmp(argv[1], L"-") != 0) {
		SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
		si.hStdOutput = CreateFileW(argv[1], GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS,
					    FILE_ATTRIBUTE_NORMAL, NULL);
		if (si.hStdOutput == INVALID_HANDLE_VALUE) {
			fwprintf(stderr, L"consolerun: cannot create %ls: error %lu\n", argv[1], GetLastError());
			return 125;
		}
	}
	PROCESS_INFORMATION pi;
	if (!CreateProcessW(NULL, argv[3], NULL, NULL, TRUE, DETACHED_PROCESS, NULL, NULL, &si, &pi)) {
		fwprintf(stderr, L"consolerun: cannot run %ls: error %lu\n", argv[3], GetLastError());
		return 125;
	}
	if (si.hStdOutput)
		CloseHandle(si.hStdOutput);
	WaitForSingleObject(pi.hProcess, INFINITE);
	DWORD status = 125;
	GetExitCodeProcess(pi.hProcess, &status);
	if (!saveScreen(argv[2])) {
		fwprintf(stderr, L"consolerun: cannot save the console's text to %ls\n", argv[2]);
		return 125;
	}
	return (int)status;
}

/*
 * bcryptprimitives.dll for the CI's Wine prefix, exporting ProcessPrng alone.
 *
 * A Go (>= 1.24) Windows program takes its random bytes from bcryptprimitives!ProcessPrng and
 * stops at start-up without it ("bcryptprimitives.dll not found"). Wine gained that DLL in 9.0;
 * Debian 12 ships Wine 8. This stand-in fills the buffer through advapi32's RtlGenRandom
 * (exported as SystemFunction036), which Wine 8 has. `make wine-check` builds it with mingw-w64
 * and copies it into a throwaway prefix's system32; it is never part of what 审档 ships.
 */
#include <windows.h>
#include <ntsecapi.h>

/* ProcessPrng fills data with size random bytes. Windows documents it as always returning TRUE;
 * this one returns FALSE if RtlGenRandom refuses, which Go's runtime treats as a failure. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		/* RtlGenRandom takes a ULONG length: feed it at most 1 GiB at a time. */
		ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (!RtlGenRandom(data, chunk))
			return FALSE;
		data += chunk;
		size -= chunk;
	}
	return TRUE;
}

//go:build linux && cgo

package main

/*
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

// shendang_trim_c_heap returns the C heap's free pages to the system where the C library can
// (glibc's malloc_trim), and reports whether it gave any back; elsewhere it does nothing.
static int shendang_trim_c_heap(void) {
#ifdef __GLIBC__
	return malloc_trim(0);
#else
	return 0;
#endif
}

// shendang_c_garbage leaves n bytes of touched, freed blocks in the middle of the C heap: it
// allocates them in blocks of 4 kB, writes them, allocates one more, and frees all but that one,
// which keeps the heap's top where it is.
static void *shendang_c_garbage(size_t n) {
	size_t count = n / 4096;
	void **blocks = malloc(count * sizeof(void *));
	if (blocks == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		blocks[i] = malloc(4096);
		if (blocks[i] != NULL) {
			memset(blocks[i], 1, 4096);
		}
	}
	void *last = malloc(64);
	for (size_t i = 0; i < count; i++) {
		free(blocks[i]);
	}
	free(blocks);
	return last;
}
*/
import "C"

import "unsafe"

// trimCHeap returns the free pages of the C heap to the system: what Mesa, GLFW and the C
// libraries under them free stays with glibc's allocator, resident, until it is asked, unless it
// lies at the top of the heap. malloc_trim gives back every whole free page in every arena. It
// reports whether anything was given back.
func trimCHeap() bool { return C.shendang_trim_c_heap() != 0 }

// cGarbage leaves n bytes of freed, resident blocks in the middle of the C heap, as rendering
// does, for the tests; the returned function frees the block that holds the heap's top.
func cGarbage(n int) (release func()) {
	last := C.shendang_c_garbage(C.size_t(n))
	return func() { C.free(unsafe.Pointer(last)) }
}

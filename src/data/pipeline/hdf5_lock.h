#pragma once
// The serial HDF5 library (Debian's libhdf5-103, built without --enable-threadsafe) keeps global state
// and is NOT thread-safe, not even for different files. Every HDF5 call that HYPERA makes goes under
// this one process-wide lock. Acquiring it also switches off HDF5's automatic error printing (once),
// so HDF5 failures surface only as exceptions, never as stack dumps on stderr.
#include <mutex>

namespace hypera::data {

// Locks the process-wide HDF5 mutex for the lifetime of the returned guard.
std::unique_lock<std::mutex> lock_hdf5();

}  // namespace hypera::data

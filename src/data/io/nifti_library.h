#pragma once
// Internal to src/data/io: one-time nifticlib setup shared by the NIfTI reader and writer.

namespace hypera::data {

// Sets nifticlib's debug level to 0 (no stderr output) exactly once per process. Thread-safe.
void silence_nifticlib();

}  // namespace hypera::data

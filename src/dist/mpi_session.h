#pragma once
// Owns MPI's lifetime for one process: MPI_Init_thread on construction, MPI_Finalize on destruction.
//
// Thread level: MPI_THREAD_FUNNELED. Only the thread that constructed the session (MPI's "main" thread)
// may call MPI. The gradient reducer honours this: a gradient hook that fires on another thread (CUDA
// autograd device threads) only marks its gradient ready and the bucket is launched later from finish()
// on the main thread. Construction throws std::runtime_error when the library offers less than FUNNELED.
//
// If MPI is already initialised (by another library), the session neither re-initialises nor finalizes
// it. At most one session per process; not copyable. Without a launcher (plain `./program`) Open MPI
// starts as a singleton: a world of one rank.
#include <mpi.h>

namespace hypera::dist {

class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  MPI_Comm world() const { return MPI_COMM_WORLD; }
  int thread_level() const { return thread_level_; }

 private:
  bool owns_ = false;
  int thread_level_ = MPI_THREAD_SINGLE;
};

}  // namespace hypera::dist

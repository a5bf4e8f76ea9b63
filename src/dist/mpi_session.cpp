#include "dist/mpi_session.h"

#include <stdexcept>
#include <string>

namespace hypera::dist {

MpiSession::MpiSession(int* argc, char*** argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) {
    MPI_Query_thread(&thread_level_);
  } else {
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &thread_level_);
    owns_ = true;
  }
  if (thread_level_ < MPI_THREAD_FUNNELED) {
    throw std::runtime_error("MPI offers thread level " + std::to_string(thread_level_) +
                             ", HYPERA needs MPI_THREAD_FUNNELED");
  }
}

MpiSession::~MpiSession() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (owns_ && !finalized) MPI_Finalize();
}

}  // namespace hypera::dist

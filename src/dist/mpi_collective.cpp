#include "dist/mpi_collective.h"

#include <climits>
#include <stdexcept>
#include <string>
#include <utility>

namespace hypera::dist {
namespace {

MPI_Datatype mpi_type(const torch::Tensor& tensor) {
  switch (tensor.scalar_type()) {
    case torch::kFloat: return MPI_FLOAT;
    case torch::kDouble: return MPI_DOUBLE;
    case torch::kInt: return MPI_INT32_T;
    case torch::kLong: return MPI_INT64_T;
    case torch::kByte: return MPI_UINT8_T;
    default:
      throw std::invalid_argument(std::string("MpiCollective: unsupported dtype ") +
                                  c10::toString(tensor.scalar_type()));
  }
}

int checked_count(const torch::Tensor& tensor, const comm::CallSite& site) {
  const std::string where = "MpiCollective at " + site.text() + ": ";
  if (!tensor.device().is_cpu()) throw std::invalid_argument(where + "tensor is not on the CPU");
  if (!tensor.is_contiguous()) throw std::invalid_argument(where + "tensor is not contiguous");
  if (tensor.numel() > INT_MAX) throw std::invalid_argument(where + "more than INT_MAX elements");
  return static_cast<int>(tensor.numel());
}

// The count of a reducible tensor (not uint8) and MPI's name for the reduction.
std::pair<int, MPI_Op> reduction(const torch::Tensor& tensor, comm::ReduceOp op, const comm::CallSite& site) {
  const int count = checked_count(tensor, site);
  if (tensor.scalar_type() == torch::kByte) {
    throw std::invalid_argument("MpiCollective at " + site.text() + ": uint8 all-reduce");
  }
  switch (op) {
    case comm::ReduceOp::kSum: return {count, MPI_SUM};
    case comm::ReduceOp::kMax: return {count, MPI_MAX};
    case comm::ReduceOp::kMin: return {count, MPI_MIN};
  }
  throw std::invalid_argument("MpiCollective at " + site.text() + ": unknown reduction");
}

class PendingMpiCollective : public comm::PendingCollective {
 public:
  PendingMpiCollective(torch::Tensor tensor, MPI_Request request)
      : tensor_(std::move(tensor)), request_(request) {}
  ~PendingMpiCollective() override { wait(); }
  void wait() override {
    if (request_ != MPI_REQUEST_NULL) MPI_Wait(&request_, MPI_STATUS_IGNORE);
    tensor_ = torch::Tensor();
  }
  bool poll() override {
    if (request_ == MPI_REQUEST_NULL) return true;
    int done = 0;
    MPI_Test(&request_, &done, MPI_STATUS_IGNORE);
    return done != 0;
  }

 private:
  torch::Tensor tensor_;
  MPI_Request request_;
};

}  // namespace

MpiCollective::MpiCollective(MPI_Comm comm) {
  MPI_Comm_dup(comm, &comm_);
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

MpiCollective::~MpiCollective() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized && comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

std::unique_ptr<comm::PendingCollective> MpiCollective::start_allreduce(torch::Tensor tensor, comm::ReduceOp op,
                                                                        const comm::CallSite& site) {
  const auto [count, mpi_op] = reduction(tensor, op, site);
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Iallreduce(MPI_IN_PLACE, tensor.data_ptr(), count, mpi_type(tensor), mpi_op, comm_, &request);
  return std::make_unique<PendingMpiCollective>(std::move(tensor), request);
}

void MpiCollective::run_allreduce(torch::Tensor tensor, comm::ReduceOp op, const comm::CallSite& site) {
  const auto [count, mpi_op] = reduction(tensor, op, site);
  MPI_Allreduce(MPI_IN_PLACE, tensor.data_ptr(), count, mpi_type(tensor), mpi_op, comm_);
}

void MpiCollective::run_broadcast(torch::Tensor tensor, int root, const comm::CallSite& site) {
  const int count = checked_count(tensor, site);
  MPI_Bcast(tensor.data_ptr(), count, mpi_type(tensor), root, comm_);
}

std::vector<torch::Tensor> MpiCollective::run_allgatherv(const torch::Tensor& local, const comm::CallSite& site) {
  if (local.dim() != 1) throw std::invalid_argument("MpiCollective at " + site.text() + ": allgatherv of a tensor that is not 1-D");
  const int count = checked_count(local, site);
  std::vector<int> counts(size_);
  MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_);
  std::vector<int> offsets(size_, 0);
  int64_t total = 0;
  for (int r = 0; r < size_; ++r) {
    if (total > INT_MAX) throw std::invalid_argument("MpiCollective at " + site.text() + ": allgatherv of more than INT_MAX elements");
    offsets[r] = static_cast<int>(total);
    total += counts[r];
  }
  auto gathered = torch::empty({total}, local.options());
  MPI_Allgatherv(local.data_ptr(), count, mpi_type(local), gathered.data_ptr(), counts.data(), offsets.data(),
                 mpi_type(local), comm_);
  std::vector<torch::Tensor> parts;
  parts.reserve(size_);
  for (int r = 0; r < size_; ++r) parts.push_back(gathered.narrow(0, offsets[r], counts[r]));
  return parts;
}

void MpiCollective::run_barrier(const comm::CallSite&) { MPI_Barrier(comm_); }

std::unique_ptr<comm::Collective> MpiCollective::run_split(int color, int key, const comm::CallSite& site) {
  if (color < 0) {
    throw std::invalid_argument("MpiCollective at " + site.text() + ": negative color " + std::to_string(color));
  }
  MPI_Comm group = MPI_COMM_NULL;
  MPI_Comm_split(comm_, color, key, &group);
  auto collective = std::make_unique<MpiCollective>(group);  // duplicates it
  MPI_Comm_free(&group);
  return collective;
}

}  // namespace hypera::dist

#ifdef HYPERA_HAVE_NCCL

#include "dist/nccl_collective.h"

#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hypera::dist {
namespace {

void check_nccl(ncclResult_t result, const char* what) {
  if (result != ncclSuccess) throw std::runtime_error(std::string(what) + ": " + ncclGetErrorString(result));
}

void check_cuda(cudaError_t result, const char* what) {
  if (result != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(result));
}

ncclDataType_t nccl_type(const torch::Tensor& tensor) {
  switch (tensor.scalar_type()) {
    case torch::kFloat: return ncclFloat32;
    case torch::kDouble: return ncclFloat64;
    case torch::kInt: return ncclInt32;
    case torch::kLong: return ncclInt64;
    case torch::kByte: return ncclUint8;
    default:
      throw std::invalid_argument(std::string("NcclCollective: unsupported dtype ") +
                                  c10::toString(tensor.scalar_type()));
  }
}

ncclRedOp_t nccl_op(comm::ReduceOp op) {
  switch (op) {
    case comm::ReduceOp::kSum: return ncclSum;
    case comm::ReduceOp::kMax: return ncclMax;
    case comm::ReduceOp::kMin: return ncclMin;
  }
  throw std::invalid_argument("NcclCollective: unknown reduction");
}

// Records an event on `stream` and makes `waiter` wait for it.
void order_after(c10::cuda::CUDAStream stream, c10::cuda::CUDAStream waiter) {
  cudaEvent_t event;
  check_cuda(cudaEventCreateWithFlags(&event, cudaEventDisableTiming), "cudaEventCreate");
  check_cuda(cudaEventRecord(event, stream.stream()), "cudaEventRecord");
  check_cuda(cudaStreamWaitEvent(waiter.stream(), event, 0), "cudaStreamWaitEvent");
  check_cuda(cudaEventDestroy(event), "cudaEventDestroy");  // released once the wait has happened
}

class PendingNcclCollective : public comm::PendingCollective {
 public:
  PendingNcclCollective(torch::Tensor tensor, c10::cuda::CUDAStream stream)
      : tensor_(std::move(tensor)), stream_(stream) {
    check_cuda(cudaEventCreateWithFlags(&done_, cudaEventDisableTiming), "cudaEventCreate");
    check_cuda(cudaEventRecord(done_, stream_.stream()), "cudaEventRecord");
  }
  ~PendingNcclCollective() override {
    wait();
    cudaEventDestroy(done_);
  }
  void wait() override {
    if (!tensor_.defined()) return;
    c10::cuda::CUDAGuard guard(tensor_.device());
    check_cuda(cudaStreamWaitEvent(c10::cuda::getCurrentCUDAStream().stream(), done_, 0), "cudaStreamWaitEvent");
    tensor_ = torch::Tensor();
  }
  bool poll() override {
    const cudaError_t state = cudaEventQuery(done_);
    if (state == cudaErrorNotReady) return false;
    check_cuda(state, "cudaEventQuery");
    return true;
  }

 private:
  torch::Tensor tensor_;
  c10::cuda::CUDAStream stream_;
  cudaEvent_t done_ = nullptr;
};

}  // namespace

NcclCollective::NcclCollective(MpiCollective& bootstrap, torch::Device device)
    : bootstrap_(bootstrap),
      device_(device),
      stream_(c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device.index())) {
  if (!device.is_cuda()) throw std::invalid_argument("NcclCollective: device is not CUDA");
  ncclUniqueId id;
  if (bootstrap_.rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
  auto id_bytes = torch::from_blob(&id, {static_cast<int64_t>(sizeof(id))}, torch::kByte);
  bootstrap_.broadcast(id_bytes, 0);
  c10::cuda::CUDAGuard guard(device_);
  check_nccl(ncclCommInitRank(&comm_, bootstrap_.size(), id, bootstrap_.rank()), "ncclCommInitRank");
}

NcclCollective::~NcclCollective() {
  if (comm_ != nullptr) ncclCommDestroy(comm_);
}

void NcclCollective::enter_stream(const torch::Tensor& tensor) {
  if (tensor.device() != device_) throw std::invalid_argument("NcclCollective: tensor on another device");
  if (!tensor.is_contiguous()) throw std::invalid_argument("NcclCollective: tensor is not contiguous");
  order_after(c10::cuda::getCurrentCUDAStream(device_.index()), stream_);
  c10::cuda::CUDACachingAllocator::recordStream(tensor.storage().data_ptr(), stream_);
}

void NcclCollective::leave_stream() { order_after(stream_, c10::cuda::getCurrentCUDAStream(device_.index())); }

std::unique_ptr<comm::PendingCollective> NcclCollective::start_allreduce(torch::Tensor tensor, comm::ReduceOp op,
                                                                         const comm::CallSite&) {
  c10::cuda::CUDAGuard guard(device_);
  enter_stream(tensor);
  check_nccl(ncclAllReduce(tensor.data_ptr(), tensor.data_ptr(), static_cast<size_t>(tensor.numel()),
                           nccl_type(tensor), nccl_op(op), comm_, stream_.stream()),
             "ncclAllReduce");
  return std::make_unique<PendingNcclCollective>(std::move(tensor), stream_);
}

void NcclCollective::run_broadcast(torch::Tensor tensor, int root, const comm::CallSite&) {
  c10::cuda::CUDAGuard guard(device_);
  enter_stream(tensor);
  check_nccl(ncclBroadcast(tensor.data_ptr(), tensor.data_ptr(), static_cast<size_t>(tensor.numel()),
                           nccl_type(tensor), root, comm_, stream_.stream()),
             "ncclBroadcast");
  leave_stream();
}

std::vector<torch::Tensor> NcclCollective::run_allgatherv(const torch::Tensor& local, const comm::CallSite& site) {
  if (local.dim() != 1) throw std::invalid_argument("NcclCollective::allgatherv: tensor is not 1-D");
  const auto lengths = bootstrap_.allgatherv(torch::tensor({local.numel()}, torch::kLong), site);
  int64_t longest = 0;
  for (const auto& length : lengths) longest = std::max(longest, length.item<int64_t>());
  c10::cuda::CUDAGuard guard(device_);
  auto padded = torch::zeros({longest}, local.options());
  padded.narrow(0, 0, local.numel()).copy_(local);
  auto gathered = torch::empty({size() * longest}, local.options());
  enter_stream(padded);
  enter_stream(gathered);
  check_nccl(ncclAllGather(padded.data_ptr(), gathered.data_ptr(), static_cast<size_t>(longest),
                           nccl_type(local), comm_, stream_.stream()),
             "ncclAllGather");
  leave_stream();
  std::vector<torch::Tensor> parts;
  for (int r = 0; r < size(); ++r) parts.push_back(gathered.narrow(0, r * longest, lengths[r].item<int64_t>()));
  return parts;
}

void NcclCollective::run_barrier(const comm::CallSite& site) {
  check_cuda(cudaStreamSynchronize(stream_.stream()), "cudaStreamSynchronize");
  bootstrap_.barrier(site);
}

std::unique_ptr<comm::Collective> NcclCollective::run_split(int, int, const comm::CallSite& site) {
  throw std::logic_error("NcclCollective at " + site.text() + ": split is not supported yet");
}

}  // namespace hypera::dist

#endif  // HYPERA_HAVE_NCCL

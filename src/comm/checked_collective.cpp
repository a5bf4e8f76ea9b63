#include "comm/checked_collective.h"

#include <cstdlib>
#include <cstring>
#include <string>

namespace hypera::comm {
namespace {

// A blocking and a non-blocking all-reduce are different operations: MPI never matches one with the other.
enum class Operation : int32_t { kAllreduce = 1, kAllreduceAsync, kBroadcast, kAllgatherv, kBarrier, kSplit };

// What every rank sends before a collective: fixed size, so that the exchange itself always matches.
struct CallRecord {
  int64_t sequence = 0;
  int32_t operation = 0;
  int32_t detail = 0;       // the reduction or the root
  int32_t dtype = -1;       // c10::ScalarType, -1 without a tensor
  int32_t line = 0;
  int64_t numel = -1;       // -1 when not compared
  char file[96] = {};       // the call site's path, from its last "src/" or similar on, truncated

  bool same_call(const CallRecord& other) const {
    return sequence == other.sequence && operation == other.operation && detail == other.detail &&
           dtype == other.dtype && numel == other.numel;
  }
};

std::string describe(const CallRecord& record, int rank) {
  std::string text = "rank " + std::to_string(rank) + " ";
  std::string shape = record.dtype < 0 ? std::string()
                                       : std::string(c10::toString(static_cast<c10::ScalarType>(record.dtype))) +
                                             (record.numel >= 0 ? " x " + std::to_string(record.numel) : "");
  switch (static_cast<Operation>(record.operation)) {
    case Operation::kAllreduce:
    case Operation::kAllreduceAsync:
      text += std::string(record.operation == int32_t(Operation::kAllreduce) ? "allreduce(" : "allreduce_async(") +
              reduce_op_name(static_cast<ReduceOp>(record.detail)) + ", " + shape + ")";
      break;
    case Operation::kBroadcast: text += "broadcast(root " + std::to_string(record.detail) + ", " + shape + ")"; break;
    case Operation::kAllgatherv: text += "allgatherv(" + shape + ")"; break;
    case Operation::kBarrier: text += "barrier()"; break;
    case Operation::kSplit: text += "split()"; break;
  }
  return text + " at " + std::string(record.file) + ":" + std::to_string(record.line);
}

// Exchanges this rank's description of the call it is about to make (the `sequence`-th collective), with
// tensor's dtype and, when compare_numel, its element count; throws CollectiveMismatch when any rank's
// description differs from rank 0's.
void agree(Collective& inner, int64_t sequence, Operation operation, int32_t detail, const torch::Tensor* tensor,
           bool compare_numel, const CallSite& site) {
  CallRecord mine;
  mine.sequence = sequence;
  mine.operation = static_cast<int32_t>(operation);
  mine.detail = detail;
  if (tensor != nullptr) {
    mine.dtype = static_cast<int32_t>(tensor->scalar_type());
    if (compare_numel) mine.numel = tensor->numel();
  }
  mine.line = site.line;
  const std::string where = site.text();
  std::strncpy(mine.file, where.substr(0, where.rfind(':')).c_str(), sizeof(mine.file) - 1);

  torch::Tensor bytes = torch::empty({static_cast<int64_t>(sizeof(CallRecord))}, torch::kUInt8);
  std::memcpy(bytes.data_ptr<uint8_t>(), &mine, sizeof(CallRecord));
  const std::vector<torch::Tensor> all = inner.allgatherv(bytes.to(inner.device()), site);
  std::vector<CallRecord> records(all.size());
  for (std::size_t r = 0; r < all.size(); ++r) {
    const torch::Tensor host = all[r].cpu().contiguous();
    if (host.numel() != static_cast<int64_t>(sizeof(CallRecord))) {
      throw CollectiveMismatch("collective " + std::to_string(sequence) + ": rank " + std::to_string(r) +
                               " is not checking its collectives (set HYPERA_CHECK_COLLECTIVES on every rank)");
    }
    std::memcpy(&records[r], host.data_ptr<uint8_t>(), sizeof(CallRecord));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (!records[r].same_call(records[0])) {
      throw CollectiveMismatch("collective " + std::to_string(sequence) + " differs between ranks: " +
                               describe(records[0], 0) + ", " + describe(records[r], static_cast<int>(r)));
    }
  }
}

}  // namespace

bool collective_checks_requested() {
  const char* value = std::getenv("HYPERA_CHECK_COLLECTIVES");
  return value != nullptr && std::string(value) != "" && std::string(value) != "0";
}

std::unique_ptr<PendingCollective> CheckedCollective::start_allreduce(torch::Tensor tensor, ReduceOp op,
                                                                      const CallSite& site) {
  agree(inner_, calls_++, Operation::kAllreduceAsync, static_cast<int32_t>(op), &tensor, true, site);
  return inner_.allreduce_async(std::move(tensor), op, site);
}

void CheckedCollective::run_allreduce(torch::Tensor tensor, ReduceOp op, const CallSite& site) {
  agree(inner_, calls_++, Operation::kAllreduce, static_cast<int32_t>(op), &tensor, true, site);
  inner_.allreduce(std::move(tensor), op, site);
}

void CheckedCollective::run_broadcast(torch::Tensor tensor, int root, const CallSite& site) {
  agree(inner_, calls_++, Operation::kBroadcast, root, &tensor, true, site);
  inner_.broadcast(std::move(tensor), root, site);
}

std::vector<torch::Tensor> CheckedCollective::run_allgatherv(const torch::Tensor& local, const CallSite& site) {
  agree(inner_, calls_++, Operation::kAllgatherv, 0, &local, false, site);
  return inner_.allgatherv(local, site);
}

void CheckedCollective::run_barrier(const CallSite& site) {
  agree(inner_, calls_++, Operation::kBarrier, 0, nullptr, false, site);
  inner_.barrier(site);
}

std::unique_ptr<Collective> CheckedCollective::run_split(int color, int key, const CallSite& site) {
  agree(inner_, calls_++, Operation::kSplit, 0, nullptr, false, site);  // colors and keys may differ
  return std::make_unique<CheckedCollective>(inner_.split(color, key, site));
}

}  // namespace hypera::comm

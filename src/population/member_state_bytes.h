#pragma once
// A population member's trained state as bytes, for an exploit sent over MPI (pbt_controller.h): the model's
// parameters and buffers, the optimizer's state (momentum, Adam moments), the schedule's state and every
// registry value. One LibTorch archive; no file is written. Not thread-safe for one member (it reads and writes
// the member's objects).
#include <string>

#include "core/train/state_exchange.h"

namespace hypera::population {

std::string pack_member_state(const core::MemberState& member);

// Replaces `member`'s model, optimizer state, schedule state and registry values (written as "exploit") with
// the packed ones, except the registry's "lr", which the schedule derives from optim.lr_scale at the next
// batch. std::runtime_error when the bytes do not come from a member of the same configuration.
void unpack_member_state(const std::string& bytes, core::MemberState& member);

}  // namespace hypera::population

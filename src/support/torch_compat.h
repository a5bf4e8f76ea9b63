#pragma once
// The one place that knows LibTorch version differences (Debian's 1.13 and the 2.x of PyTorch wheels).
// Everything else in HYPERA calls these names and never branches on the LibTorch version itself.
//
// Autocast: LibTorch up to 2.3 has one function per device (set_enabled for CUDA, set_cpu_enabled,
// set_autocast_cpu_dtype, ...); 2.4 and later take the device type (set_autocast_enabled(at::kCPU, on),
// set_autocast_dtype(at::kCPU, dtype)) and deprecate the old names. Autocast state is thread-local.
#include <ATen/autocast_mode.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>
#include <torch/version.h>

#include <optional>
#include <string>

#include "support/input_error.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define HYPERA_TORCH_DEVICE_TYPED_AUTOCAST 1
#else
#define HYPERA_TORCH_DEVICE_TYPED_AUTOCAST 0
#endif

namespace hypera::core::compat {

// Throws InputError for a device other than CPU or CUDA: autocast is only configured for those two.
inline void require_autocast_device(c10::DeviceType type) {
  if (type != c10::DeviceType::CPU && type != c10::DeviceType::CUDA) {
    throw InputError("autocast: device type " + c10::DeviceTypeName(type) +
                     " not supported (cpu or cuda)");
  }
}

inline bool autocast_enabled(c10::DeviceType type) {
  require_autocast_device(type);
#if HYPERA_TORCH_DEVICE_TYPED_AUTOCAST
  return at::autocast::is_autocast_enabled(type);
#else
  return type == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}

inline void set_autocast_enabled(c10::DeviceType type, bool enabled) {
  require_autocast_device(type);
#if HYPERA_TORCH_DEVICE_TYPED_AUTOCAST
  at::autocast::set_autocast_enabled(type, enabled);
#else
  if (type == c10::DeviceType::CPU) {
    at::autocast::set_cpu_enabled(enabled);
  } else {
    at::autocast::set_enabled(enabled);
  }
#endif
}

inline at::ScalarType autocast_dtype(c10::DeviceType type) {
  require_autocast_device(type);
#if HYPERA_TORCH_DEVICE_TYPED_AUTOCAST
  return at::autocast::get_autocast_dtype(type);
#else
  return type == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype()
                                      : at::autocast::get_autocast_gpu_dtype();
#endif
}

inline void set_autocast_dtype(c10::DeviceType type, at::ScalarType dtype) {
  require_autocast_device(type);
#if HYPERA_TORCH_DEVICE_TYPED_AUTOCAST
  at::autocast::set_autocast_dtype(type, dtype);
#else
  if (type == c10::DeviceType::CPU) {
    at::autocast::set_autocast_cpu_dtype(dtype);
  } else {
    at::autocast::set_autocast_gpu_dtype(dtype);
  }
#endif
}

// Zeroes the gradients of every parameter `optimizer` holds in place: the gradient tensors stay, so memory
// that owns them (a GradientReducer's buckets) stays their memory. LibTorch 2.x's Optimizer::zero_grad()
// defaults to set_to_none = true, after which autograd hands out fresh tensors that the reducer must copy back
// into its buckets at every step; 1.13's has no argument and zeroes in place.
inline void zero_grad_in_place(torch::optim::Optimizer& optimizer) {
#if TORCH_VERSION_MAJOR >= 2
  optimizer.zero_grad(/*set_to_none=*/false);
#else
  optimizer.zero_grad();
#endif
}

}  // namespace hypera::core::compat

namespace hypera::core {

// RAII autocast region on the current thread, for one device type (CPU or CUDA).
// dtype set: autocast on with that lower-precision type (kBFloat16 on CPU, kHalf or kBFloat16 on CUDA).
// dtype empty: autocast off inside the region (an fp32 island inside an autocast region).
// The destructor restores the previous enabled flag and dtype; like torch.autocast, the cache of
// down-cast weights is cleared when the outermost region ends, so updated weights are re-cast next step.
// Not copyable or movable; create and destroy on the same thread.
class AutocastGuard {
 public:
  AutocastGuard(torch::Device device, std::optional<torch::ScalarType> dtype)
      : type_(device.type()),
        was_enabled_(compat::autocast_enabled(type_)),
        previous_dtype_(compat::autocast_dtype(type_)) {
    if (dtype) {
      compat::set_autocast_dtype(type_, *dtype);
    }
    compat::set_autocast_enabled(type_, dtype.has_value());
    at::autocast::increment_nesting();
  }
  ~AutocastGuard() {
    if (at::autocast::decrement_nesting() == 0) {
      at::autocast::clear_cache();
    }
    compat::set_autocast_enabled(type_, was_enabled_);
    compat::set_autocast_dtype(type_, previous_dtype_);
  }
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  c10::DeviceType type_;
  bool was_enabled_;
  at::ScalarType previous_dtype_;
};

}  // namespace hypera::core

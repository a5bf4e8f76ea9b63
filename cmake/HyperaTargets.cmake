# Helpers that give every HYPERA target the same flags, and one precompiled LibTorch header shared by
# every target that uses LibTorch. Targets without LibTorch neither link it nor pay for its header.

add_library(hypera_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp)
target_link_libraries(hypera_pch PUBLIC hypera_torch)
if(HYPERA_USE_PCH)
  target_precompile_headers(hypera_pch PRIVATE <torch/torch.h> <vector> <string> <memory>)
endif()

# Reuses the LibTorch precompiled header when `target` links LibTorch (directly or through a dependency).
function(hypera_use_torch_pch target uses_torch)
  if(HYPERA_USE_PCH AND uses_torch)
    target_precompile_headers(${target} REUSE_FROM hypera_pch)
  endif()
endfunction()

# hypera_add_library(NAME DIR [TORCH] DEPS...): a static library from every .cpp below DIR.
# TORCH: the library's own sources use LibTorch.
function(hypera_add_library name dir)
  cmake_parse_arguments(ARG "TORCH" "" "" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_UNPARSED_ARGUMENTS})
  if(ARG_TORCH)
    target_link_libraries(${name} PUBLIC hypera_torch)
  endif()
  target_compile_options(${name} PRIVATE -Wall -Wextra)
  hypera_use_torch_pch(${name} ${ARG_TORCH})
endfunction()

# hypera_add_test_suite(NAME DIR [TORCH] DEPS...): one GoogleTest executable from every .cpp in DIR, run
# by CTest as one test (one process: LibTorch's start-up is paid once per suite, not once per test).
function(hypera_add_test_suite name dir)
  cmake_parse_arguments(ARG "TORCH" "" "" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_UNPARSED_ARGUMENTS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    HYPERA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    HYPERA_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  hypera_use_torch_pch(${name} ${ARG_TORCH})
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1;OPENBLAS_NUM_THREADS=1")
endfunction()

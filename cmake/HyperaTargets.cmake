# Helpers that give every HYPERA target the same flags, and one precompiled LibTorch header.

add_library(hypera_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp)
target_link_libraries(hypera_pch PUBLIC hypera_torch)
if(HYPERA_USE_PCH)
  target_precompile_headers(hypera_pch PRIVATE <torch/torch.h> <vector> <string> <memory>)
endif()

# hypera_add_library(NAME DIR DEPS...): a static library from every .cpp below DIR.
function(hypera_add_library name dir)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(NOT sources)  # a layer still being written: only its dependencies
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE hypera_torch ${ARGN})
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC hypera_torch ${ARGN})
  target_compile_options(${name} PRIVATE -Wall -Wextra)
  if(HYPERA_USE_PCH)
    target_precompile_headers(${name} REUSE_FROM hypera_pch)
  endif()
endfunction()

# hypera_add_test_suite(NAME DIR DEPS...): one GoogleTest executable from every .cpp in DIR.
function(hypera_add_test_suite name dir)
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARGN} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    HYPERA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    HYPERA_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(HYPERA_USE_PCH)
    target_precompile_headers(${name} REUSE_FROM hypera_pch)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1")
endfunction()

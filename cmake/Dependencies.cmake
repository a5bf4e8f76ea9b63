# Every third-party dependency of HYPERA, found once. Targets below are the only names the rest of
# the build uses.

find_package(Torch REQUIRED)
# LibTorch 2.x headers refuse standards before C++20 (torch/all.h); Debian's 1.13 builds as C++17.
if(Torch_VERSION VERSION_GREATER_EQUAL 2.0)
  set(CMAKE_CXX_STANDARD 20)
endif()
find_package(MPI REQUIRED COMPONENTS CXX)
find_package(HDF5 REQUIRED COMPONENTS C CXX)
find_package(Boost REQUIRED COMPONENTS program_options)
find_package(GTest REQUIRED)
find_package(TIFF REQUIRED)
find_package(PNG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(DCMTK CONFIG REQUIRED)

# Debian's NIFTIConfig.cmake names files that are not installed: find the library directly.
find_library(NIFTI2_LIBRARY NAMES nifti2 REQUIRED)
find_path(NIFTI2_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
add_library(hypera_nifti INTERFACE)
target_link_libraries(hypera_nifti INTERFACE ${NIFTI2_LIBRARY} ZLIB::ZLIB m)
target_include_directories(hypera_nifti SYSTEM INTERFACE ${NIFTI2_INCLUDE_DIR})

add_library(hypera_hdf5 INTERFACE)
target_link_libraries(hypera_hdf5 INTERFACE ${HDF5_CXX_LIBRARIES} ${HDF5_C_LIBRARIES})
target_include_directories(hypera_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(hypera_hdf5 INTERFACE ${HDF5_DEFINITIONS})

add_library(hypera_torch INTERFACE)
target_link_libraries(hypera_torch INTERFACE ${TORCH_LIBRARIES})
target_compile_options(hypera_torch INTERFACE ${TORCH_CXX_FLAGS})

add_library(hypera_dcmtk INTERFACE)
target_link_libraries(hypera_dcmtk INTERFACE DCMTK::DCMTK)

# Optional GPU parts: CUDA through LibTorch, NCCL when its header and library are present.
find_path(NCCL_INCLUDE_DIR nccl.h HINTS ENV CUDA_HOME PATH_SUFFIXES include)
find_library(NCCL_LIBRARY nccl HINTS ENV CUDA_HOME PATH_SUFFIXES lib lib64)
if(NCCL_INCLUDE_DIR AND NCCL_LIBRARY AND TORCH_CUDA_LIBRARIES)
  set(HYPERA_HAVE_NCCL ON)
  message(STATUS "HYPERA: NCCL found (${NCCL_LIBRARY})")
else()
  set(HYPERA_HAVE_NCCL OFF)
  message(STATUS "HYPERA: building without NCCL")
endif()

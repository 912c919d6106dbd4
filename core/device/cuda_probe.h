#pragma once
// What CUDA devices this process can use. Built from cuda/cuda_probe.cu when the CUDA device is in
// the build; otherwise it reports that the build has no CUDA support.

#include <cstdint>
#include <string>
#include <vector>

namespace loupe::device {

struct CudaDeviceInfo {
    int index = 0;
    std::string name;
    int64_t memoryBytes = 0;
    int computeMajor = 0, computeMinor = 0;
};

struct CudaProbe {
    bool built = false;  ///< this build includes the CUDA device
    std::vector<CudaDeviceInfo> devices;
    std::string reason;  ///< why there are no devices, when there are none
};

/// Asks the CUDA runtime which devices answer; never throws.
CudaProbe probeCuda();

}  // namespace loupe::device

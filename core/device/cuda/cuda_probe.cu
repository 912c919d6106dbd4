#include <cuda_runtime.h>

#include "core/device/cuda_probe.h"

namespace loupe::device {

CudaProbe probeCuda() {
    CudaProbe probe;
    probe.built = true;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        probe.reason = std::string(cudaGetErrorString(status));
        cudaGetLastError();  // clear the sticky error so later calls start clean
        return probe;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
        probe.devices.push_back({i, prop.name, static_cast<int64_t>(prop.totalGlobalMem),
                                 prop.major, prop.minor});
    }
    if (probe.devices.empty()) probe.reason = "no CUDA device found";
    return probe;
}

}  // namespace loupe::device

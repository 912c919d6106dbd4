#include "core/device/cuda_probe.h"

namespace loupe::device {

CudaProbe probeCuda() {
    CudaProbe probe;
    probe.reason = "this build of Loupe has no CUDA support: built with LOUPE_CUDA=OFF or without nvcc";
    return probe;
}

}  // namespace loupe::device

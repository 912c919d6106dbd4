#include <string>

#include "core/device/cpu/cpu_device.h"
#include "core/device/cuda_probe.h"
#include "core/device/device.h"
#include "core/error.h"

namespace loupe::device {
namespace {

std::string describeMissingCuda(const CudaProbe& probe) {
    return probe.reason.empty() ? std::string("no CUDA device found") : probe.reason;
}

}  // namespace

DeviceChoice makeDevice(const std::string& spec) {
    if (spec == "cpu") return {std::make_unique<CpuDevice>(), {}};
    const bool wantsCuda = spec == "cuda" || spec.rfind("cuda:", 0) == 0;
    if (spec != "auto" && !wantsCuda)
        throw InputError("unknown device '" + spec + "' (expected auto, cpu, cuda or cuda:N)");

    const CudaProbe probe = probeCuda();
    if (probe.devices.empty()) {
        if (wantsCuda) throw InputError("--device " + spec + ": " + describeMissingCuda(probe));
        return {std::make_unique<CpuDevice>(),
                "no CUDA device (" + describeMissingCuda(probe) + "); using the CPU"};
    }
    // A GPU answers, but this build's training core runs on the CPU device only; the CUDA device
    // (core/device/cuda) joins through this factory.
    const std::string gpu = probe.devices.front().name;
    if (wantsCuda)
        throw InputError("--device " + spec + ": found " + gpu +
                         ", but this build has no CUDA training device yet; use --device cpu");
    return {std::make_unique<CpuDevice>(),
            "found " + gpu + ", but this build has no CUDA training device yet; using the CPU"};
}

}  // namespace loupe::device

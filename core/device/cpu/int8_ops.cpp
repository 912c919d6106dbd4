// CpuDevice's int8 GEMM: quantize x to u8 (OpenMP over rows), then one oneDNN matmul u8 x s8 with
// int32 accumulation, the source zero point and the per-column output scales applied inside it.
// The primitive takes the batch size at run time, so one primitive (and one packed copy of the
// weights, in the layout oneDNN picked for this CPU) serves every batch. Without oneDNN the host
// reference loop runs instead (Device's fallback).

#include <string>
#include <vector>

#include "core/device/cpu/cpu_device.h"
#include "core/device/cpu/cpu_kernels.h"
#include "core/device/int8_reference.h"
#include "core/error.h"

#ifdef LOUPE_HAVE_DNNL
#include <oneapi/dnnl/dnnl.hpp>
#endif
#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace loupe::device {

#ifdef LOUPE_HAVE_DNNL
namespace {

/// xq[i] = quantizeU8(x[i]) for i in [begin, end): AVX2 packets of 8 where the build has them
/// (GCC does not vectorize the scalar clamps), the scalar function for the rest. maxps returns
/// its second operand when the first is NaN, so a NaN becomes -512, i.e. code 0, as in the scalar.
void quantizeRange(const float* x, int64_t begin, int64_t end, float inverse, int32_t zeroPoint,
                   uint8_t* xq) {
    int64_t i = begin;
#ifdef __AVX2__
    const __m256 scale = _mm256_set1_ps(inverse), low = _mm256_set1_ps(-512.0f),
                 high = _mm256_set1_ps(512.0f),
                 zero = _mm256_set1_ps(static_cast<float>(zeroPoint)), floor = _mm256_setzero_ps(),
                 top = _mm256_set1_ps(255.0f);
    for (; i + 8 <= end; i += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + i), scale);
        v = _mm256_min_ps(_mm256_max_ps(v, low), high);
        v = _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);  // half to even
        v = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(v, zero), floor), top);
        const __m256i n = _mm256_cvtps_epi32(v);  // exact: whole numbers in [0, 255]
        const __m128i words =
            _mm_packus_epi32(_mm256_castsi256_si128(n), _mm256_extracti128_si256(n, 1));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(xq + i), _mm_packus_epi16(words, words));
    }
#endif
    for (; i < end; ++i) xq[i] = quantizeU8(x[i], inverse, zeroPoint);
}

/// One engine for the process: creating it probes the CPU's instruction sets.
dnnl::engine& cpuEngine() {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

/// The matmul primitive for [M, k] x [k, n] with M given at run time, and the packed weights.
class DnnlInt8Weights final : public Int8Weights {
public:
    DnnlInt8Weights(const int8_t* w, int64_t k, int64_t n) : Int8Weights(k, n) {
        using dt = dnnl::memory::data_type;
        using tag = dnnl::memory::format_tag;
        const dnnl::memory::dim runtime = DNNL_RUNTIME_DIM_VAL;
        const dnnl::memory::desc src({runtime, k}, dt::u8, {k, 1});
        const dnnl::memory::desc weights({k, n}, dt::s8, tag::any);
        const dnnl::memory::desc dst({runtime, n}, dt::f32, {n, 1});
        dnnl::primitive_attr attr;
        attr.set_output_scales(1 << 1, {DNNL_RUNTIME_F32_VAL});  // one scale per column
        attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
        // The caller owns the scratchpad, so concurrent runs of one primitive never share one.
        attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
        dnnl::engine& engine = cpuEngine();
        m_pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, weights, dst), attr, engine);
        m_primitive = dnnl::matmul(m_pd);
        // Reorder the plain row-major weights into the layout the primitive asked for.
        dnnl::memory plain({{k, n}, dt::s8, tag::ab}, engine, const_cast<int8_t*>(w));
        m_weights = dnnl::memory(m_pd.weights_desc(), engine);
        dnnl::stream stream(engine);
        dnnl::reorder(plain, m_weights).execute(stream, plain, m_weights);
        stream.wait();
    }

    /// y = scales * ((xq - zeroPoint) W): xq [rows, k] u8, y [rows, n] f32, scales [n].
    void run(const uint8_t* xq, int64_t rows, int32_t zeroPoint, const float* scales,
             float* y) const {
        using dt = dnnl::memory::data_type;
        using tag = dnnl::memory::format_tag;
        dnnl::engine& engine = cpuEngine();
        dnnl::memory src({{rows, this->rows()}, dt::u8, tag::ab}, engine, const_cast<uint8_t*>(xq));
        dnnl::memory dst({{rows, cols()}, dt::f32, tag::ab}, engine, y);
        dnnl::memory scaleMemory({{cols()}, dt::f32, tag::x}, engine, const_cast<float*>(scales));
        int32_t zp = zeroPoint;
        dnnl::memory zpMemory({{1}, dt::s32, tag::x}, engine, &zp);
        dnnl::memory scratchpad(m_pd.scratchpad_desc(), engine);
        dnnl::stream stream(engine);
        m_primitive.execute(stream, {{DNNL_ARG_SRC, src},
                                     {DNNL_ARG_WEIGHTS, m_weights},
                                     {DNNL_ARG_DST, dst},
                                     {DNNL_ARG_ATTR_OUTPUT_SCALES, scaleMemory},
                                     {DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, zpMemory},
                                     {DNNL_ARG_SCRATCHPAD, scratchpad}});
        stream.wait();
    }

private:
    dnnl::matmul::primitive_desc m_pd;
    dnnl::matmul m_primitive;
    dnnl::memory m_weights;
};

}  // namespace

std::shared_ptr<const Int8Weights> CpuDevice::prepareInt8(const int8_t* w, int64_t k, int64_t n) {
    if (k < 1 || n < 1) throw DeviceError("prepareInt8: empty weights");
    try {
        return std::make_shared<DnnlInt8Weights>(w, k, n);
    } catch (const dnnl::error& e) {
        throw DeviceError(std::string("oneDNN int8 matmul: ") + e.what());
    }
}

void CpuDevice::gemmS8(const Tensor& x, const InputQuantization& q, const Int8Weights& w,
                       const Tensor& wScale, Tensor& y) {
    const auto* packed = dynamic_cast<const DnnlInt8Weights*>(&w);
    if (packed == nullptr) throw DeviceError("gemmS8: weights prepared by another device");
    const int64_t rows = x.rows(), k = w.rows(), n = w.cols();
    if (x.cols() != k || wScale.rows() != 1 || wScale.cols() != n || y.rows() != rows ||
        y.cols() != n)
        throw DeviceError("gemmS8: shapes do not match [" + std::to_string(rows) + ", " +
                          std::to_string(k) + "] x [" + std::to_string(k) + ", " +
                          std::to_string(n) + "]");
    if (rows == 0) return;
    std::vector<uint8_t> xq(static_cast<size_t>(x.size()));
    const float* xs = x.data();
    const float inverse = 1.0f / q.scale;
    cpu::parallelRange(x.size(), threads(), [&](int64_t b, int64_t e) {
        quantizeRange(xs, b, e, inverse, q.zeroPoint, xq.data());
    });
    // The same product as the reference's, so both round the same way.
    std::vector<float> scales(static_cast<size_t>(n));
    for (int64_t c = 0; c < n; ++c) scales[c] = q.scale * wScale.data()[c];
    try {
        packed->run(xq.data(), rows, q.zeroPoint, scales.data(), y.data());
    } catch (const dnnl::error& e) {
        throw DeviceError(std::string("oneDNN int8 matmul: ") + e.what());
    }
}

#else

std::shared_ptr<const Int8Weights> CpuDevice::prepareInt8(const int8_t* w, int64_t k, int64_t n) {
    return Device::prepareInt8(w, k, n);
}

void CpuDevice::gemmS8(const Tensor& x, const InputQuantization& q, const Int8Weights& w,
                       const Tensor& wScale, Tensor& y) {
    Device::gemmS8(x, q, w, wScale, y);
}

#endif

}  // namespace loupe::device

// CSR storage of mostly-zero weights (see the header).

#include "core/io/sparse_weights.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "core/error.h"

namespace loupe::io {
namespace {

/// Column indices fit in 16 bits for every layer narrower than 65536 units: 6 bytes per kept
/// weight instead of 8.
bool narrowIndices(int64_t cols) {
    return cols <= int64_t{std::numeric_limits<uint16_t>::max()} + 1;
}

/// A 1-D dataset of `count` values, one Fletcher-32-checked chunk as the dense weights have.
H5::DataSet create(H5::Group& group, const std::string& name, const H5::PredType& type,
                   hsize_t count) {
    H5::DSetCreatPropList properties;
    if (count > 0) {
        properties.setChunk(1, &count);
        properties.setFletcher32();
    }
    return group.createDataSet(name, type, H5::DataSpace(1, &count), properties);
}

/// The length of 1-D integer or float dataset `name`, checking its class.
hsize_t length(const H5::DataSet& dataset, H5T_class_t cls, const std::string& at,
               const std::string& file) {
    if (dataset.getTypeClass() != cls)
        throw InputError("dataset " + at + " has the wrong type", file);
    const H5::DataSpace space = dataset.getSpace();
    if (space.getSimpleExtentNdims() != 1)
        throw InputError("dataset " + at + " is not one-dimensional", file);
    hsize_t n = 0;
    space.getSimpleExtentDims(&n);
    return n;
}

}  // namespace

bool sparseIsSmaller(const Matrix& value) {
    const auto nnz = static_cast<int64_t>((value.array() != 0.0f).count());
    const int64_t indexBytes = narrowIndices(value.cols()) ? 2 : 4;
    return nnz * (4 + indexBytes) + (value.rows() + 1) * 4 < value.size() * 4;
}

void writeSparse(H5::Group& group, const std::string& name, const Matrix& value) {
    std::vector<float> data;
    std::vector<int32_t> indices;
    std::vector<int32_t> indptr{0};
    for (int64_t r = 0; r < value.rows(); ++r) {
        for (int64_t c = 0; c < value.cols(); ++c)
            if (value(r, c) != 0.0f) {
                data.push_back(value(r, c));
                indices.push_back(static_cast<int32_t>(c));
            }
        indptr.push_back(static_cast<int32_t>(data.size()));
    }
    create(group, name + "_data", H5::PredType::IEEE_F32LE, data.size())
        .write(data.data(), H5::PredType::NATIVE_FLOAT);
    const bool narrow = narrowIndices(value.cols());
    create(group, name + "_indices", narrow ? H5::PredType::STD_U16LE : H5::PredType::STD_I32LE,
           indices.size())
        .write(indices.data(), H5::PredType::NATIVE_INT32);
    create(group, name + "_indptr", H5::PredType::STD_I32LE, indptr.size())
        .write(indptr.data(), H5::PredType::NATIVE_INT32);
}

bool hasSparse(const H5::Group& group, const std::string& name) {
    return group.nameExists(name + "_indptr");
}

void readSparse(const H5::Group& group, const std::string& name, const std::string& where,
                const std::string& file, int64_t rows, int64_t cols, Matrix& value) {
    const std::string at = where + "/" + name;
    for (const char* part : {"_data", "_indices", "_indptr"})
        if (!group.nameExists(name + part))
            throw InputError("dataset " + at + part + " is missing", file);
    const H5::DataSet dataSet = group.openDataSet(name + "_data");
    const H5::DataSet indexSet = group.openDataSet(name + "_indices");
    const H5::DataSet ptrSet = group.openDataSet(name + "_indptr");
    const hsize_t nnz = length(dataSet, H5T_FLOAT, at + "_data", file);
    if (length(indexSet, H5T_INTEGER, at + "_indices", file) != nnz)
        throw InputError("datasets " + at + "_data and _indices differ in length", file);
    if (length(ptrSet, H5T_INTEGER, at + "_indptr", file) != static_cast<hsize_t>(rows + 1))
        throw InputError("dataset " + at + "_indptr needs " + std::to_string(rows + 1) +
                             " entries for " + std::to_string(rows) + " rows",
                         file);
    if (nnz > static_cast<hsize_t>(rows * cols))
        throw InputError("dataset " + at + "_data has more values than the matrix", file);
    std::vector<float> data(nnz);
    std::vector<int64_t> indices(nnz), indptr(static_cast<size_t>(rows + 1));
    if (nnz > 0) {
        dataSet.read(data.data(), H5::PredType::NATIVE_FLOAT);
        indexSet.read(indices.data(), H5::PredType::NATIVE_INT64);
    }
    ptrSet.read(indptr.data(), H5::PredType::NATIVE_INT64);
    value = Matrix::Zero(rows, cols);
    if (indptr.front() != 0 || indptr.back() != static_cast<int64_t>(nnz))
        throw InputError("dataset " + at + "_indptr does not span the values", file);
    for (int64_t r = 0; r < rows; ++r) {
        if (indptr[r + 1] < indptr[r])
            throw InputError("dataset " + at + "_indptr is not ascending", file);
        for (int64_t k = indptr[r]; k < indptr[r + 1]; ++k) {
            if (indices[k] < 0 || indices[k] >= cols)
                throw InputError("dataset " + at + "_indices holds a column out of range", file);
            value(r, indices[k]) = data[k];
        }
    }
}

}  // namespace loupe::io

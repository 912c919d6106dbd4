#pragma once
// Sparse (CSR) storage of a mostly-zero weight matrix in a model file: pruned models keep only
// their non-zero weights. Layout (docs/formats.md): beside where the dense dataset NAME would be,
// NAME_data (float32 [nnz]), NAME_indices (column of each value, uint16 or int32 [nnz]) and
// NAME_indptr (int32 [rows + 1]), as scipy.sparse.csr_matrix((data, indices, indptr), shape).

#include <H5Cpp.h>

#include <string>

#include "core/matrix.h"

namespace loupe::io {

/// Whether CSR takes fewer bytes than the dense float32 matrix.
bool sparseIsSmaller(const Matrix& value);

/// Writes `value` as NAME_data / NAME_indices / NAME_indptr in `group`.
void writeSparse(H5::Group& group, const std::string& name, const Matrix& value);

/// Whether `group` holds `name` in CSR form.
bool hasSparse(const H5::Group& group, const std::string& name);

/// Reads NAME in CSR form into `value`, a rows x cols matrix. Throws InputError (naming `where`,
/// and `file`) when a dataset is missing, of the wrong type or size, or an index is out of range.
void readSparse(const H5::Group& group, const std::string& name, const std::string& where,
                const std::string& file, int64_t rows, int64_t cols, Matrix& value);

}  // namespace loupe::io

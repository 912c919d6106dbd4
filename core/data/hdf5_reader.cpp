#include "core/data/hdf5_reader.h"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>

#include "core/data/column_builder.h"
#include "core/data/hdf5_handle.h"
#include "core/error.h"
#include "core/progress.h"

namespace loupe::data {
namespace {

constexpr const char* kLayouts =
    "Loupe reads one 2-D numeric dataset, or a group with one 1-D dataset per column "
    "(see docs/formats.md)";

struct Reader {
    const std::string& path;
    std::stop_token stop;

    [[noreturn]] void fail(const std::string& message) const { throw InputError(message, path); }
    [[noreturn]] void fail(const std::string& dataset, const std::string& message) const {
        throw InputError("dataset '" + dataset + "': " + message, path);
    }

    std::vector<hsize_t> shape(hid_t dataset) const {
        Handle space(H5Dget_space(dataset), H5Sclose);
        int rank = H5Sget_simple_extent_ndims(space.get());
        std::vector<hsize_t> dims(size_t(std::max(rank, 0)));
        if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
        return dims;
    }

    /// Numeric (integer, float, bool enum) data as doubles, `count` values.
    std::vector<double> readNumbers(hid_t dataset, const std::string& name, size_t count) const {
        Handle type(H5Dget_type(dataset), H5Tclose);
        std::vector<double> values(count);
        H5T_class_t kind = H5Tget_class(type.get());
        if (kind == H5T_INTEGER || kind == H5T_FLOAT) {
            if (H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) <
                0) {
                fail(name, "cannot read its values");
            }
            return values;
        }
        if (kind == H5T_ENUM) {  // h5py writes bool as an enum over int8: read the integers
            Handle base(H5Tget_super(type.get()), H5Tclose);
            size_t size = H5Tget_size(base.get());
            bool isSigned = H5Tget_sign(base.get()) == H5T_SGN_2;
            Handle memory(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose);
            std::vector<unsigned char> raw(count * size);
            if (size > 8 ||
                H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
                fail(name, "cannot read its values");
            }
            for (size_t i = 0; i < count; ++i) {
                uint64_t bits = 0;
                std::memcpy(&bits, raw.data() + i * size, size);  // little-endian host
                if (isSigned && size < 8 && (bits >> (size * 8 - 1)) != 0)
                    bits |= ~uint64_t(0) << (size * 8);
                values[i] = isSigned ? double(int64_t(bits)) : double(bits);
            }
            return values;
        }
        fail(name, "is not numeric");
    }

    /// String data (fixed or variable length), `count` values.
    std::vector<std::string> readStrings(hid_t dataset, const std::string& name,
                                         size_t count) const {
        Handle type(H5Dget_type(dataset), H5Tclose);
        if (H5Tget_class(type.get()) != H5T_STRING) fail(name, "is not a string dataset");
        std::vector<std::string> out(count);
        if (H5Tis_variable_str(type.get()) > 0) {
            Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(memory.get(), H5T_VARIABLE);
            H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
            std::vector<char*> raw(count, nullptr);
            if (H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
                fail(name, "cannot read its strings");
            }
            for (size_t i = 0; i < count; ++i) out[i] = raw[i] != nullptr ? raw[i] : "";
            Handle space(H5Dget_space(dataset), H5Sclose);
            H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, raw.data());
            return out;
        }
        size_t size = H5Tget_size(type.get());
        std::vector<char> raw(count * size);
        if (H5Dread(dataset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
            fail(name, "cannot read its strings");
        }
        for (size_t i = 0; i < count; ++i) {
            std::string_view text(raw.data() + i * size, size);
            text = text.substr(0, std::min(text.find('\0'), text.size()));  // NUL padding
            if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) {
                while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
            }
            out[i] = text;
        }
        return out;
    }

    /// Column names for a 2-D dataset: its `columns` attribute, or a 1-D string dataset named
    /// `columns` or `column_names` beside it.
    std::vector<std::string> columnNames(hid_t group, hid_t dataset, const std::string& name,
                                         size_t width) const {
        std::vector<std::string> names;
        if (H5Aexists(dataset, "columns") > 0) {
            Handle attribute(H5Aopen(dataset, "columns", H5P_DEFAULT), H5Aclose);
            names = readStringAttribute(attribute.get(), name);
        } else {
            for (const char* beside : {"columns", "column_names"}) {
                if (H5Lexists(group, beside, H5P_DEFAULT) <= 0) continue;
                Handle names_(H5Dopen2(group, beside, H5P_DEFAULT), H5Dclose);
                if (!names_) continue;
                auto dims = shape(names_.get());
                if (dims.size() != 1) fail(beside, "column names must be a 1-D string dataset");
                names = readStrings(names_.get(), beside, size_t(dims[0]));
                break;
            }
        }
        if (names.empty()) names.resize(width);
        if (names.size() != width) {
            fail(name, std::to_string(names.size()) + " column names for " + std::to_string(width) +
                           " columns");
        }
        return uniqueNames(std::move(names));
    }

    std::vector<std::string> readStringAttribute(hid_t attribute, const std::string& name) const {
        Handle type(H5Aget_type(attribute), H5Tclose);
        Handle space(H5Aget_space(attribute), H5Sclose);
        if (H5Tget_class(type.get()) != H5T_STRING)
            fail(name, "attribute 'columns' is not strings");
        auto count = size_t(std::max<hssize_t>(H5Sget_simple_extent_npoints(space.get()), 0));
        std::vector<std::string> out(count);
        if (H5Tis_variable_str(type.get()) > 0) {
            Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(memory.get(), H5T_VARIABLE);
            H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
            std::vector<char*> raw(count, nullptr);
            if (H5Aread(attribute, memory.get(), raw.data()) < 0)
                fail(name, "cannot read 'columns'");
            for (size_t i = 0; i < count; ++i) out[i] = raw[i] != nullptr ? raw[i] : "";
            H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, raw.data());
            return out;
        }
        size_t size = H5Tget_size(type.get());
        std::vector<char> raw(count * size);
        if (H5Aread(attribute, type.get(), raw.data()) < 0) fail(name, "cannot read 'columns'");
        for (size_t i = 0; i < count; ++i) {
            std::string_view text(raw.data() + i * size, size);
            out[i] = text.substr(0, std::min(text.find('\0'), text.size()));
        }
        return out;
    }

    Table readMatrix(hid_t group, const std::string& name) const {
        Handle dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
        auto dims = shape(dataset.get());
        const size_t rows = size_t(dims[0]), width = size_t(dims[1]);
        if (rows == 0 || width == 0) fail(name, "is empty");
        auto names = columnNames(group, dataset.get(), name, width);
        auto values = readNumbers(dataset.get(), name, rows * width);
        throwIfStopped(stop);
        std::vector<Column> columns(width);
        for (size_t c = 0; c < width; ++c) {
            columns[c].name = names[c];
            columns[c].numeric.resize(rows);
            for (size_t r = 0; r < rows; ++r) columns[c].numeric[r] = values[r * width + c];
        }
        return Table(std::move(columns), path);
    }

    Table readColumns(hid_t group, const std::vector<std::string>& datasets) const {
        std::vector<Column> columns;
        size_t rows = 0;
        std::string first;
        for (const auto& name : datasets) {
            throwIfStopped(stop);
            Handle dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
            auto dims = shape(dataset.get());
            if (columns.empty()) rows = size_t(dims[0]), first = name;
            if (size_t(dims[0]) != rows) {
                fail(name, "has " + std::to_string(dims[0]) + " rows but '" + first + "' has " +
                               std::to_string(rows) +
                               "; every column dataset needs the same length");
            }
            Column column;
            column.name = name;
            Handle type(H5Dget_type(dataset.get()), H5Tclose);
            if (H5Tget_class(type.get()) == H5T_STRING) {
                column.type = ColumnType::Categorical;
                Dictionary index;
                for (const auto& text : readStrings(dataset.get(), name, rows)) {
                    column.codes.push_back(
                        isMissingMarker(text) ? -1 : intern(index, column.categories, text));
                }
                classifyCategorical(column);
            } else {
                column.numeric = readNumbers(dataset.get(), name, rows);
            }
            columns.push_back(std::move(column));
        }
        if (rows == 0) fail(first, "has no rows");
        return Table(std::move(columns), path);
    }

    /// Reads `group` by one of the two layouts, or returns false when it holds no dataset.
    bool tryGroup(hid_t group, const std::string& groupName, Table& table) const {
        std::vector<std::string> matrices, vectors;
        for (const auto& name : childNames(group)) {
            H5O_info_t info{};
            if (H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT) < 0 ||
                info.type != H5O_TYPE_DATASET) {
                continue;
            }
            Handle dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
            auto dims = shape(dataset.get());
            Handle type(H5Dget_type(dataset.get()), H5Tclose);
            H5T_class_t kind = H5Tget_class(type.get());
            const std::string where = groupName + name;
            if (kind != H5T_INTEGER && kind != H5T_FLOAT && kind != H5T_ENUM &&
                kind != H5T_STRING) {
                fail(where, "has an unsupported element type (only numbers and strings are read)");
            }
            if (dims.size() == 2) {
                if (kind == H5T_STRING)
                    fail(where, "is a 2-D string dataset; a 2-D dataset must be numeric");
                matrices.push_back(name);
            } else if (dims.size() == 1) {
                vectors.push_back(name);
            } else {
                fail(where, "has " + std::to_string(dims.size()) + " dimensions; " + kLayouts);
            }
        }
        if (matrices.size() == 1) {
            // Layout 1: vectors beside it may only be its column names.
            for (const auto& name : vectors) {
                if (name != "columns" && name != "column_names") {
                    fail(groupName + name,
                         "a 1-D dataset beside the 2-D dataset '" + matrices[0] + "'; " + kLayouts);
                }
            }
            table = readMatrix(group, matrices[0]);
            return true;
        }
        if (matrices.size() > 1) {
            fail("several 2-D datasets (" + matrices[0] + ", " + matrices[1] + ", ...) in '" +
                 (groupName.empty() ? "/" : groupName) + "'; " + kLayouts);
        }
        if (vectors.empty()) return false;
        table = readColumns(group, vectors);
        return true;
    }

    std::vector<std::string> childNames(hid_t group) const {
        // Creation order when the file tracks it (h5py track_order=True), else by name.
        std::vector<std::string> names;
        auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->emplace_back(name);
            return 0;
        };
        hsize_t at = 0;
        if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &at, collect, &names) < 0) {
            names.clear();
            at = 0;
            if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &at, collect, &names) < 0) {
                fail("cannot list the file's contents");
            }
        }
        return names;
    }
};

}  // namespace

Table readHdf5(const std::string& path, std::stop_token stop) {
    ErrorSilencer silence;  // report through InputError, not HDF5's stderr dump
    Reader reader{path, std::move(stop)};
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) reader.fail("cannot open: No such file or directory");
    if (H5Fis_hdf5(path.c_str()) <= 0) reader.fail("not an HDF5 file");
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file) reader.fail("cannot open the HDF5 file");
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    Table table;
    if (reader.tryGroup(root.get(), "/", table)) return table;
    std::vector<std::string> groups;
    for (const auto& name : reader.childNames(root.get())) {
        H5O_info_t info{};
        if (H5Oget_info_by_name(root.get(), name.c_str(), &info, H5P_DEFAULT) >= 0 &&
            info.type == H5O_TYPE_GROUP) {
            groups.push_back(name);
        }
    }
    if (groups.size() == 1) {
        Handle group(H5Gopen2(root.get(), groups[0].c_str(), H5P_DEFAULT), H5Gclose);
        if (reader.tryGroup(group.get(), "/" + groups[0] + "/", table)) return table;
    }
    reader.fail(groups.size() > 1
                    ? "no dataset at the top and several groups; " + std::string(kLayouts)
                    : "no dataset to read; " + std::string(kLayouts));
}

}  // namespace loupe::data

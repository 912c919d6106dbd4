#include "core/store/sqlite_handle.h"

#include <sqlite3.h>

#include <cmath>

#include "core/error.h"

namespace loupe::store {

Connection::Connection(const std::string& path) : m_path(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw InputError("cannot open the run database: " + message, path);
    }
    // Another process (the CLI beside the window) may hold the write lock for a moment.
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
}

Connection::~Connection() { sqlite3_close(m_db); }

void Connection::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    throw Error(m_path + ": " + std::string(what) + ": " + sqlite3_errmsg(m_db));
}

void Connection::exec(std::string_view sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(m_path + ": " + text);
    }
}

int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int64_t Connection::changes() const { return sqlite3_changes64(m_db); }

Statement::Statement(Connection& db, std::string_view sql) : m_db(db) {
    db.check(sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt,
                                nullptr),
             "prepare");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, int64_t value) {
    m_db.check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (std::isnan(value)) return bindNull(index);
    m_db.check(sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    m_db.check(sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT),
               "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    m_db.check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

Statement& Statement::bindOptional(int index, std::optional<double> value) {
    return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    m_db.check(rc, "step");
    return rc == SQLITE_ROW;
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

double Statement::real(int column) const {
    return isNull(column) ? std::nan("") : sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(m_stmt, column);
    return bytes ? std::string(reinterpret_cast<const char*>(bytes),
                               static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)))
                 : std::string();
}

Transaction::Transaction(Connection& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

}  // namespace loupe::store

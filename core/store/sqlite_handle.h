#pragma once
// A thin RAII layer over SQLite's C API: a connection, prepared statements with typed binds and
// columns, and a transaction that rolls back unless committed. Every failing call throws
// loupe::Error with SQLite's message and the database's path.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace loupe::store {

class Connection {
public:
    /// Opens (creating when missing) the database at `path`; throws InputError when it cannot.
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    int64_t lastInsertId() const;
    /// Rows the last INSERT, UPDATE or DELETE changed.
    int64_t changes() const;
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }
    /// Throws Error("<path>: <what>: <sqlite message>") when `rc` is not SQLITE_OK/ROW/DONE.
    void check(int rc, std::string_view what) const;

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

class Statement {
public:
    Statement(Connection& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Binds are 1-based like SQLite's; they return *this to chain.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bindNull(int index);
    /// A NaN or an empty optional binds NULL.
    Statement& bindOptional(int index, std::optional<double> value);

    /// Advances to the next row; false when there are no more.
    bool step();
    /// step() for a statement that returns no rows, then reset() so it can run again.
    void run();
    /// Clears the bindings and rewinds, for running the statement again.
    void reset();

    bool isNull(int column) const;
    int64_t integer(int column) const;
    /// NaN when the column is NULL.
    double real(int column) const;
    std::string text(int column) const;

private:
    Connection& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// BEGIN IMMEDIATE on construction (takes the write lock up front, so two writers queue on the
/// busy timeout instead of failing mid-transaction); ROLLBACK in the destructor unless commit().
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_db;
    bool m_done = false;
};

}  // namespace loupe::store

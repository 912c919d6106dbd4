#include "widgets/train/search_space_editor.h"

#include <QComboBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace loupe::widgets {
namespace {

QString number(double value) { return QString::number(value, 'g', 3); }

QString hiddenText(const std::vector<int64_t>& hidden) {
    QStringList units;
    for (const int64_t u : hidden) units << QString::number(u);
    return units.join(',');
}

/// `hidden` with every layer's units scaled by `factor` (at least 1 unit).
std::vector<int64_t> scaled(const std::vector<int64_t>& hidden, double factor) {
    std::vector<int64_t> out;
    for (const int64_t u : hidden)
        out.push_back(std::max<int64_t>(1, std::llround(static_cast<double>(u) * factor)));
    return out;
}

QString choiceList(QStringList items) {
    items.removeDuplicates();
    return items.join(QStringLiteral(" | "));
}

}  // namespace

SearchSpaceEditor::SearchSpaceEditor(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, 5);
    m_table->setHorizontalHeaderLabels(
        {tr("Search"), tr("Kind"), tr("From"), tr("To"), tr("Choices (a | b | c)")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);

    const QStringList ranges{"log", "linear", "choice"};
    addRow({"learning_rate", ranges, false}, tr("learning rate"), true);
    addRow({"hidden", {"choice"}, true}, tr("hidden layers"), true);
    addRow({"dropout", {"linear", "choice"}, false}, tr("dropout"), true);
    addRow({"l2", ranges, false}, tr("weight decay (L2)"), false);
    addRow({"l1", ranges, false}, tr("L1"), false);
    addRow({"batch_size", {"choice", "int"}, false}, tr("batch size"), false);
    addRow({"epochs", {"int", "choice"}, false}, tr("epochs"), false);
    addRow({"optimizer", {"choice"}, true}, tr("optimizer"), false);
    addRow({"momentum", {"linear", "choice"}, false}, tr("momentum (SGD)"), false);
    addRow({"activation", {"choice"}, true}, tr("activation"), false);
    addRow({"early_stop_patience", {"int", "choice"}, false}, tr("early-stop patience"), false);
    setDefaults({});

    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (m_filling) return;
        if (item->column() == Parameter) refreshEnabled(item->row());
        markEdited(item->row());
        emit changed();
    });
}

void SearchSpaceEditor::addRow(const Row& row, const QString& label, bool searched) {
    const int r = m_table->rowCount();
    m_rows.push_back(row);
    m_filling = true;
    m_table->insertRow(r);
    auto* name = new QTableWidgetItem(label);
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    name->setCheckState(searched ? Qt::Checked : Qt::Unchecked);
    name->setToolTip(tr("\"%1\" in a space.json").arg(row.name));
    m_table->setItem(r, Parameter, name);
    auto* kind = new QComboBox;
    kind->addItems(row.kinds);
    m_table->setCellWidget(r, Kind, kind);
    for (const int c : {From, To, Choices}) m_table->setItem(r, c, new QTableWidgetItem);
    m_filling = false;
    connect(kind, &QComboBox::currentIndexChanged, this, [this, r] {
        refreshEnabled(r);
        if (m_filling) return;
        markEdited(r);
        emit changed();
    });
    refreshEnabled(r);
}

void SearchSpaceEditor::refreshEnabled(int row) {
    const bool searched = m_table->item(row, Parameter)->checkState() == Qt::Checked;
    auto* kind = qobject_cast<QComboBox*>(m_table->cellWidget(row, Kind));
    kind->setEnabled(searched);
    const bool choice = kind->currentText() == QStringLiteral("choice");
    const bool wasFilling = m_filling;
    m_filling = true;  // flags are not the user's edits
    for (const int c : {From, To, Choices}) {
        const bool on = searched && (c == Choices) == choice;
        m_table->item(row, c)->setFlags(on ? Qt::ItemIsEnabled | Qt::ItemIsEditable
                                           : Qt::NoItemFlags);
    }
    m_filling = wasFilling;
}

void SearchSpaceEditor::setCell(int row, int column, const QString& text) {
    m_table->item(row, column)->setText(text);
}

QString SearchSpaceEditor::text(int row, int column) const {
    return m_table->item(row, column)->text().trimmed();
}

void SearchSpaceEditor::markEdited(int row) { m_rows[static_cast<size_t>(row)].edited = true; }

bool SearchSpaceEditor::edited() const {
    return std::any_of(m_rows.begin(), m_rows.end(), [](const Row& row) { return row.edited; });
}

QString SearchSpaceEditor::kindOf(int row) const {
    return qobject_cast<QComboBox*>(m_table->cellWidget(row, Kind))->currentText();
}

void SearchSpaceEditor::setDefaults(const train::ExperimentRequest& request, bool keepEdited) {
    const train::TrainConfig& t = request.train;
    const std::vector<int64_t> hidden =
        request.model.hidden.empty() ? std::vector<int64_t>{64} : request.model.hidden;
    const int64_t batch = std::max<int64_t>(1, t.batchSize);
    const int64_t epochs = std::max<int64_t>(1, t.epochs);
    const int64_t patience = t.earlyStopPatience > 0 ? t.earlyStopPatience : 10;
    const double l2 = t.l2 > 0.0f ? t.l2 : 1e-4;
    const double l1 = t.l1 > 0.0f ? t.l1 : 1e-5;
    struct Fill {
        const char* name;
        QString from, to, choices;
    };
    const Fill fills[] = {
        {"learning_rate", number(t.learningRate / 10.0), number(t.learningRate * 10.0),
         choiceList({number(t.learningRate / 10.0), number(t.learningRate),
                     number(t.learningRate * 10.0)})},
        {"hidden",
         {},
         {},
         choiceList({hiddenText(scaled(hidden, 0.5)), hiddenText(hidden),
                     hiddenText(scaled(hidden, 2.0)), hiddenText({hidden[0]})})},
        {"dropout", "0", "0.5", "0 | 0.2 | 0.4"},
        {"l2", number(l2 / 100.0), number(l2 * 100.0),
         choiceList({"0", number(l2 / 10.0), number(l2), number(l2 * 10.0)})},
        {"l1", number(l1 / 100.0), number(l1 * 100.0), choiceList({"0", number(l1)})},
        {"batch_size", QString::number(std::max<int64_t>(1, batch / 2)), QString::number(batch * 2),
         choiceList({QString::number(std::max<int64_t>(1, batch / 2)), QString::number(batch),
                     QString::number(batch * 2)})},
        {"epochs", QString::number(std::max<int64_t>(1, epochs / 2)), QString::number(epochs),
         choiceList({QString::number(std::max<int64_t>(1, epochs / 2)), QString::number(epochs)})},
        {"optimizer", {}, {}, "adam | adamw | sgd"},
        {"momentum", "0.8", "0.99", "0.9 | 0.95 | 0.99"},
        {"activation", {}, {}, "relu | tanh | gelu"},
        {"early_stop_patience", QString::number(std::max<int64_t>(1, patience / 2)),
         QString::number(patience * 2),
         choiceList({QString::number(patience), QString::number(patience * 2)})},
    };
    m_filling = true;
    for (const Fill& f : fills) {
        const int r = rowOf(QString::fromLatin1(f.name));
        if (keepEdited && m_rows[static_cast<size_t>(r)].edited) continue;
        setCell(r, From, f.from);
        setCell(r, To, f.to);
        setCell(r, Choices, f.choices);
    }
    m_filling = false;
    if (!keepEdited)
        for (Row& row : m_rows) row.edited = false;
}

nlohmann::json SearchSpaceEditor::entry(int r, bool strict) const {
    const Row& row = m_rows[static_cast<size_t>(r)];
    const std::string name = row.name.toStdString();
    const QString kind = kindOf(r);
    const auto fail = [&](const QString& what) {
        throw InputError("search space, " + name + ": " + what.toStdString());
    };
    // Strict: the number or an InputError; otherwise a bound that is not a number stays text.
    const auto toNumber = [&](const QString& text, bool integer) -> nlohmann::json {
        bool ok = false;
        if (integer) {
            const qlonglong v = text.toLongLong(&ok);
            if (ok) return static_cast<int64_t>(v);
            if (strict) fail(tr("'%1' is not a whole number").arg(text));
            return text.toStdString();
        }
        const double v = text.toDouble(&ok);
        if (ok && std::isfinite(v)) return v;
        if (strict) fail(tr("'%1' is not a number").arg(text));
        return text.toStdString();
    };
    if (kind == QStringLiteral("choice")) {
        nlohmann::json choices = nlohmann::json::array();
        for (const QString& part : text(r, Choices).split('|', Qt::SkipEmptyParts)) {
            const QString item = part.trimmed();
            if (item.isEmpty()) continue;
            if (row.textChoices) {
                choices.push_back(item.toStdString());
            } else {
                bool integer = false;
                item.toLongLong(&integer);
                choices.push_back(toNumber(item, integer));
            }
        }
        if (strict && choices.empty()) fail(tr("no choices (write them as a | b | c)"));
        return {{"choice", choices}};
    }
    const bool integer = kind == QStringLiteral("int");
    return {
        {kind.toStdString(), {toNumber(text(r, From), integer), toNumber(text(r, To), integer)}}};
}

nlohmann::json SearchSpaceEditor::space() const {
    nlohmann::json space = nlohmann::json::object();
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, Parameter)->checkState() == Qt::Checked)
            space[m_rows[static_cast<size_t>(r)].name.toStdString()] = entry(r, true);
    return space;
}

QStringList SearchSpaceEditor::searched() const {
    QStringList names;
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, Parameter)->checkState() == Qt::Checked)
            names << m_rows[static_cast<size_t>(r)].name;
    return names;
}

nlohmann::json SearchSpaceEditor::editedRows() const {
    nlohmann::json rows = nlohmann::json::object();
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_rows[static_cast<size_t>(r)].edited)
            rows[m_rows[static_cast<size_t>(r)].name.toStdString()] = entry(r, false);
    return rows;
}

QStringList SearchSpaceEditor::restore(const QStringList& searched, const nlohmann::json& edited) {
    QStringList problems;
    m_filling = true;
    for (const QString& name : searched)
        if (rowOf(name) < 0)
            problems << tr("the search parameter '%1' is not known here").arg(name);
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const bool on = searched.contains(m_rows[static_cast<size_t>(r)].name);
        m_table->item(r, Parameter)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        refreshEnabled(r);
        m_rows[static_cast<size_t>(r)].edited = false;
    }
    const auto cellText = [](const nlohmann::json& v) {
        return v.is_string() ? QString::fromStdString(v.get<std::string>())
                             : QString::fromStdString(v.dump());
    };
    for (auto it = edited.begin(); edited.is_object() && it != edited.end(); ++it) {
        const QString name = QString::fromStdString(it.key());
        const int r = rowOf(name);
        if (r < 0) {
            problems << tr("the search parameter '%1' is not known here").arg(name);
            continue;
        }
        if (!it->is_object() || it->size() != 1 || !it->begin()->is_array()) {
            problems << tr("the search parameter '%1' is not a range or choices").arg(name);
            continue;
        }
        const QString kind = QString::fromStdString(it->begin().key());
        const nlohmann::json& values = it->begin().value();
        if (!setKind(name, kind) || (kind != QStringLiteral("choice") && values.size() != 2)) {
            problems << tr("the search parameter '%1' cannot be '%2' here").arg(name, kind);
            continue;
        }
        if (kind == QStringLiteral("choice")) {
            QStringList items;
            for (const nlohmann::json& v : values) items << cellText(v);
            setCell(r, Choices, items.join(QStringLiteral(" | ")));
        } else {
            setCell(r, From, cellText(values[0]));
            setCell(r, To, cellText(values[1]));
        }
        refreshEnabled(r);
        markEdited(r);
    }
    m_filling = false;
    return problems;
}

int SearchSpaceEditor::rowOf(const QString& name) const {
    for (size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].name == name) return static_cast<int>(r);
    return -1;
}

QStringList SearchSpaceEditor::names() const {
    QStringList names;
    for (const Row& row : m_rows) names << row.name;
    return names;
}

void SearchSpaceEditor::setSearched(const QString& name, bool searched) {
    const int r = rowOf(name);
    if (r >= 0) m_table->item(r, Parameter)->setCheckState(searched ? Qt::Checked : Qt::Unchecked);
}

bool SearchSpaceEditor::setKind(const QString& name, const QString& kind) {
    const int r = rowOf(name);
    if (r < 0) return false;
    auto* box = qobject_cast<QComboBox*>(m_table->cellWidget(r, Kind));
    const int index = box->findText(kind);
    if (index < 0) return false;
    box->setCurrentIndex(index);
    return true;
}

void SearchSpaceEditor::setRange(const QString& name, const QString& from, const QString& to) {
    const int r = rowOf(name);
    if (r < 0) return;
    setCell(r, From, from);
    setCell(r, To, to);
}

void SearchSpaceEditor::setChoices(const QString& name, const QString& choices) {
    const int r = rowOf(name);
    if (r >= 0) setCell(r, Choices, choices);
}

}  // namespace loupe::widgets

#include "core/io/cross_validation_files.h"

#include "core/io/atomic_file.h"
#include "core/io/csv_writer.h"

namespace loupe::io {

std::string crossValidationHistoryCsv(const train::CrossValidation& cv) {
    CsvWriter csv;
    csv.field("fold").field("epoch").field("train_loss").field("val_loss").field("val_metric");
    csv.field("lr").endRow();
    for (const train::FoldResult& fold : cv.folds)
        for (const train::EpochRecord& e : fold.history.epochs) {
            csv.integer(fold.fold).integer(e.epoch).number(e.trainLoss).number(e.valLoss);
            // The rate was set as a float32, as in history.csv.
            csv.number(e.valMetric).number(static_cast<float>(e.learningRate)).endRow();
        }
    return csv.take();
}

void writeCrossValidation(const std::filesystem::path& folder, const train::CrossValidation& cv) {
    writeFileAtomic(folder / "cv.json", train::crossValidationJson(cv).dump(2) + "\n");
    writeFileAtomic(folder / "cv_history.csv", crossValidationHistoryCsv(cv));
}

}  // namespace loupe::io

#include "app/cli/train_options.h"

#include "app/cli/options.h"
#include "core/error.h"

namespace loupe::cli {

namespace {

nn::ModelSpec modelSpec(const TrainOptions& o, bool hiddenGiven) {
    nn::ModelSpec spec;
    spec.activation = parseActivation(o.activation);
    spec.dropout = o.dropout;
    if (o.model == "logreg") {
        if (hiddenGiven) throw InputError("--hidden does not apply to --model logreg");
    } else if (o.model == "mlp") {
        spec.hidden = parseLayerSizes(o.hidden, "--hidden");
    } else {
        throw InputError("--model: unknown model '" + o.model + "' (expected mlp or logreg)");
    }
    return spec;
}

}  // namespace

train::ExperimentRequest experimentRequest(const TrainOptions& o, bool hiddenGiven) {
    train::ExperimentRequest request;
    request.target = o.target;
    request.task = parseTask(o.task);
    request.model = modelSpec(o, hiddenGiven);
    request.train.epochs = o.epochs;
    request.train.batchSize = o.batch;
    request.train.learningRate = o.lr;
    request.train.optimizer = parseOptimizer(o.optimizer);
    request.train.l1 = o.l1;
    request.train.l2 = o.l2;
    request.train.earlyStopPatience = o.earlyStop;
    request.train.monitor =
        o.monitor == "val_metric" ? train::Monitor::ValMetric : train::Monitor::ValLoss;
    request.train.schedule = parseSchedule(o.schedule);
    request.train.clipGradNorm = o.clipGrad;
    request.train.inputNoise = o.noise;
    request.train.mixupAlpha = o.mixup;
    request.pipeline.scaling = data::parseScaling(o.scale);
    request.pipeline.numericImpute = data::parseImpute(o.impute);
    request.pipeline.encoding = data::parseEncoding(o.encode);
    if (!o.log.empty()) request.pipeline.logColumns = parseColumnList(o.log, "--log");
    if (!o.drop.empty()) request.dropColumns = parseColumnList(o.drop, "--drop");
    request.train.seed = o.seed;
    request.valFraction = o.val;
    request.testFraction = o.test;
    request.resample = o.smote > 0     ? data::Resampling::Smote
                       : o.oversample  ? data::Resampling::Oversample
                       : o.undersample ? data::Resampling::Undersample
                                       : data::Resampling::None;
    if (o.smote > 0) request.smoteK = o.smote;
    request.balancedClassWeights = o.classWeight == "balanced";
    return request;
}

CLI::Option* addTrainingOptions(CLI::App* app, TrainOptions& o) {
    app->add_option("--model", o.model, "mlp, or logreg (no hidden layers)")
        ->check(CLI::IsMember({"mlp", "logreg"}))
        ->capture_default_str();
    CLI::Option* hidden =
        app->add_option("--hidden", o.hidden, "Hidden layer sizes (mlp)")->capture_default_str();
    app->add_option("--activation", o.activation, "Hidden activation")
        ->check(CLI::IsMember({"relu", "tanh", "sigmoid", "gelu"}))
        ->capture_default_str();
    app->add_option("--dropout", o.dropout, "Dropout after each hidden layer")
        ->check(numberIn(0.0, 0.95))
        ->capture_default_str();
    app->add_option("--epochs", o.epochs, "Maximum epochs")
        ->check(wholeNumberIn(1, 1'000'000))
        ->capture_default_str();
    app->add_option("--batch", o.batch, "Mini-batch size")
        ->check(wholeNumberIn(1, 10'000'000))
        ->capture_default_str();
    app->add_option("--lr", o.lr, "Learning rate")
        ->check(numberIn(0.0, 10.0, true))
        ->capture_default_str();
    app->add_option("--optimizer", o.optimizer, "adam, adamw or sgd (momentum 0.9)")
        ->check(CLI::IsMember({"adam", "adamw", "sgd"}))
        ->capture_default_str();
    app->add_option("--l1", o.l1, "L1 penalty on weights")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    app->add_option("--l2", o.l2, "L2 penalty on weights (decoupled decay with adamw)")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    app->add_option("--early-stop", o.earlyStop,
                    "Stop after this many epochs without a better --monitor value and keep the "
                    "best weights; 0 = off (small validation splits stop too early)")
        ->check(wholeNumberIn(0, 1'000'000))
        ->capture_default_str();
    app->add_option("--val", o.val, "Validation fraction (stratified)")
        ->check(numberIn(0.0, 0.8))
        ->capture_default_str();
    app->add_option("--test", o.test, "Test fraction (stratified)")
        ->check(numberIn(0.0, 0.8))
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seed for the split, the weights, shuffling and dropout")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_option("--task", o.task, "auto, classification or regression")
        ->check(CLI::IsMember({"auto", "classification", "regression"}))
        ->capture_default_str();
    CLI::Option* smote =
        app->add_option("--smote", o.smote,
                        "Add SMOTE rows to every smaller class of the training rows, from this "
                        "many nearest neighbours of the class (classification)")
            ->check(wholeNumberIn(1, 100));
    CLI::Option* over = app->add_flag(
        "--oversample", o.oversample,
        "Repeat random training rows of every smaller class up to the largest (classification)");
    CLI::Option* under = app->add_flag(
        "--undersample", o.undersample,
        "Keep random training rows of every class down to the smallest (classification)");
    smote->excludes(over)->excludes(under);
    over->excludes(under);
    app->add_option("--class-weight", o.classWeight,
                    "balanced: weigh each class's loss by rows / (classes x its rows), as "
                    "scikit-learn (classification)")
        ->check(CLI::IsMember({"none", "balanced"}))
        ->capture_default_str();
    app->add_option("--scale", o.scale,
                    "Numeric scaling, as scikit-learn's StandardScaler, MinMaxScaler, "
                    "RobustScaler, or none")
        ->check(CLI::IsMember({"standard", "minmax", "robust", "none"}))
        ->capture_default_str();
    app->add_option("--impute", o.impute,
                    "Missing numbers: mean, median or most_frequent (categories: most frequent)")
        ->check(CLI::IsMember({"mean", "median", "most_frequent"}))
        ->capture_default_str();
    app->add_option("--encode", o.encode,
                    "Categorical columns: onehot, or ordinal (the category's index, sorted)")
        ->check(CLI::IsMember({"onehot", "ordinal"}))
        ->capture_default_str();
    app->add_option("--log", o.log,
                    "Numeric columns to transform by log1p before imputing and scaling (COL,...); "
                    "refuses negative values");
    app->add_option("--drop", o.drop, "Columns to leave out of the features (COL,...)");
    app->add_option("--schedule", o.schedule,
                    "Learning-rate schedule: none, step:EVERY:GAMMA, exp:GAMMA, "
                    "cosine:WARMUP[:MINLR], onecycle:MAXLR[:PCT] or "
                    "plateau:FACTOR:PATIENCE[:MINLR] (as PyTorch's schedulers)")
        ->capture_default_str();
    app->add_option("--clip-grad", o.clipGrad,
                    "Clip the gradients' global L2 norm to this (as clip_grad_norm_); 0 = off")
        ->check(numberIn(0.0, 1e6))
        ->capture_default_str();
    app->add_option("--noise", o.noise,
                    "Gaussian noise on each training batch's inputs, as a share of each input "
                    "column's standard deviation; 0 = off")
        ->check(numberIn(0.0, 10.0))
        ->capture_default_str();
    app->add_option("--mixup", o.mixup,
                    "mixup: mix each training batch's rows and losses with a shuffle of the "
                    "batch by a weight drawn from Beta(ALPHA, ALPHA) (0.2 is usual); 0 = off")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    app->add_option("--monitor", o.monitor,
                    "What --early-stop and a plateau schedule watch: val_loss, or val_metric "
                    "(accuracy or R^2, higher is better)")
        ->check(CLI::IsMember({"val_loss", "val_metric"}))
        ->capture_default_str();
    return hidden;
}

}  // namespace loupe::cli

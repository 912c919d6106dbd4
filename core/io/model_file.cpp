#include "core/io/model_file.h"

#include "core/io/run_folder.h"

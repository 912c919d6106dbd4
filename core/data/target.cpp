#include "core/data/table.h"

#include "core/io/atomic_file.h"

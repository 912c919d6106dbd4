#include "core/progress.h"

#include "core/error.h"

namespace loupe {

void throwIfStopped(const std::stop_token& stop) {
    if (stop.stop_requested()) throw Cancelled();
}

}  // namespace loupe

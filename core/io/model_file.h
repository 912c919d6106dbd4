#pragma once

namespace loupe::io {}

#include "widgets/charts/line_chart.h"

namespace loupe::widgets {

LineChart::LineChart(QWidget* parent) : ChartView(parent) { setLogYToggleEnabled(true); }

}  // namespace loupe::widgets

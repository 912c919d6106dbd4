# loupe_report_writer: a run's report as one HTML file (inline SVG charts) or an A4 PDF (vector
# charts), drawn with QPainter (QtGui + QtSvg only, no Widgets), so loupe-cli writes the same
# reports the GUI exports. Included from widgets/, and from the top level when LOUPE_GUI is OFF.
# Its SHAP summary is widgets/explain's ShapPlot (loupe_shap_plots), included first.
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Svg)
add_library(loupe_report_writer STATIC
    ${CMAKE_CURRENT_LIST_DIR}/line_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/confusion_chart.cpp
    ${CMAKE_CURRENT_LIST_DIR}/report_document.cpp
    ${CMAKE_CURRENT_LIST_DIR}/report_figures.cpp
    ${CMAKE_CURRENT_LIST_DIR}/html_report.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pdf_report.cpp
    ${CMAKE_CURRENT_LIST_DIR}/report_export.cpp)
target_include_directories(loupe_report_writer PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(loupe_report_writer PUBLIC Loupe::core loupe_shap_plots Qt6::Gui Qt6::Svg
                                                 loupe_options)

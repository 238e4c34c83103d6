from qms.core.viewmixins import file_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


download = file_download  # one helper for every app: qms.core.viewmixins.file_download

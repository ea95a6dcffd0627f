@"%LOCALAPPDATA%\duban\venv\Scripts\duban.exe" %*

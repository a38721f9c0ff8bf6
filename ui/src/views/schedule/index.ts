// Scheduling (issue 4): the schedule tab beside the editor and the publishing calendar.
import "./schedule.css";
import "./tab";
import "./calendar";

manager = RequestAdmissionController()
